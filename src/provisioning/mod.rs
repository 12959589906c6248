//! Provisioning data: what JumpCloud sends to KnowBe4 over SCIM (the article's mapping), and
//! the users already on both sides before sync goes live.
//!
//! - [`mapping`]: the seed's attribute-mapping table, a sample user and a preview of its SCIM
//!   User JSON (guesses labelled), with the risks its values carry.
//! - [`users_csv`] and [`preflight`]: read JumpCloud's user export and list per-user problems.
//! - [`paging`]: read every user of a SCIM tenant page by page, robust to server quirks.
//! - [`members`] and [`scope`]: which export users the comparison is about (the whole
//!   export, or the users reached through the groups bound to the KnowBe4 application).
//! - [`reconcile`]: match the tenant's users against the export, streaming page by page.
//! - [`job`]: run a reconciliation on a background thread with progress and cancel.
//!
//! Nothing here knows about egui; everything slow is callable from a background thread.

pub mod bound_scope;
mod bound_scope_client;
pub mod csv_export;
pub mod email;
pub mod job;
pub mod jumpcloud_rows;
mod key_index;
pub mod list_client;
pub mod list_meanings;
pub mod mapping;
pub mod members;
mod page_fetcher;
pub mod paging;
mod paging_run;
pub mod preflight;
pub mod reconcile;
pub mod reconcile_export;
pub mod records;
mod scim_rows;
pub mod scope;
pub mod scope_join;
pub mod set_apart;
pub mod skip_pages;
pub mod tenant_user;
pub mod users_csv;
