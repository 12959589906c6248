; The Windows installer: kb4-setup_<version>_x64-setup.exe, built by scripts/build-windows.sh
; (makensis -DVERSION=0.1.0 -DAPP_EXE=dist/windows/kb4-setup.exe -DOUTFILE=dist/....exe).
;
; Per-user or per-machine, as NSIS's MultiUser.nsh offers it: a page asks "Anyone who uses this
; computer" or "Only for me" when the user may install for everyone; a standard user installs
; for themselves without being asked. Silent installs (/S) are per-user unless /AllUsers is
; given; /CurrentUser forces per-user.
;   per-user:    %LOCALAPPDATA%\Programs\kb4-setup, Start menu of the user, HKCU
;   per-machine: %ProgramFiles%\kb4-setup, Start menu of all users, HKLM
; The uninstaller (also in Settings > Apps) removes the program, its Start-menu entry and its
; registry keys. It leaves the user's settings and logs in %APPDATA%, as uninstallers do.

; A 64-bit installer for a 64-bit app: it writes the 64-bit registry view and Program Files
; without redirection, and it runs where the app runs (also under a 64-bit-only Wine).
Target amd64-unicode
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "define VERSION (makensis -DVERSION=x.y.z)"
!endif
!ifndef APP_EXE
  !error "define APP_EXE, the path of kb4-setup.exe to package"
!endif
!ifndef OUTFILE
  !error "define OUTFILE, the installer to write"
!endif

!define APP_NAME "kb4-setup"
!define APP_DISPLAY_NAME "KnowBe4 SSO & SCIM Setup"
!define APP_KEY "Software\${APP_NAME}"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_NAME}"
!define SHORTCUT "$SMPROGRAMS\${APP_DISPLAY_NAME}.lnk"

Name "${APP_DISPLAY_NAME}"
OutFile "${OUTFILE}"
BrandingText "${APP_NAME} ${VERSION}"

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_NAME}"
; Where a previous install went, so an update and the uninstaller find it.
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!include MultiUser.nsh
!include MUI2.nsh

!define MUI_ICON "assets/kb4-setup.ico"
!define MUI_UNICON "assets/kb4-setup.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_NAME}.exe"

!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; The installer's own version resource (VIProductVersion wants four numbers).
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP_DISPLAY_NAME} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "The kb4-setup developers"

Function .onInit
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "kb4-setup" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=${APP_NAME}.exe" "${APP_EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "${SHORTCUT}" "$INSTDIR\${APP_NAME}.exe" "" "$INSTDIR\${APP_NAME}.exe" 0

  ; $SHCTX is HKCU for a per-user install and HKLM for a per-machine one.
  WriteRegStr SHCTX "${APP_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_DISPLAY_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_NAME}.exe,0"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "The kb4-setup developers"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "${SHORTCUT}"
  Delete "$INSTDIR\${APP_NAME}.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  DeleteRegKey SHCTX "${APP_KEY}"
SectionEnd
