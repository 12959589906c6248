/*
 * Test fixture for scripts/check-windows.sh only: NEVER packaged or shipped.
 *
 * Rust's standard library gets random bytes on Windows from ProcessPrng in
 * bcryptprimitives.dll, which every supported Windows has. Wine 8.0 (Debian 12) lacks that DLL,
 * so no Rust program starts under it. This stand-in exports ProcessPrng as a call to
 * RtlGenRandom (SystemFunction036 in advapi32), which Wine implements. The check copies it into
 * its throw-away Wine prefix's system32, never next to the installed program.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
