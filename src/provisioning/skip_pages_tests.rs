use std::sync::atomic::AtomicUsize;

use super::*;

/// A list of `len` items served 10 a page, the count given as `total`.
struct FakeList {
    len: u64,
    total: Option<u64>,
    requests: AtomicUsize,
}

impl FakeList {
    fn new(len: u64, total: Option<u64>) -> Self {
        Self {
            len,
            total,
            requests: AtomicUsize::new(0),
        }
    }

    fn fetch(&self, skip: u64) -> Result<(u64, u64), String> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let end = (skip + 10).min(self.len.max(skip));
        Ok((skip, end))
    }
}

const PAGING: SkipPaging = SkipPaging {
    limit: 10,
    concurrency: 3,
    max_pages: 1000,
};

fn read(list: &FakeList, paging: SkipPaging) -> (Result<ListRead, String>, Vec<u64>) {
    let mut items = Vec::new();
    let cancel = AtomicBool::new(false);
    let result = read_pages(
        paging,
        &cancel,
        &|skip| std::future::ready(list.fetch(skip)),
        &mut |skip, (start, end): (u64, u64)| {
            assert_eq!(skip, start, "pages are handed on in order");
            items.extend(start..end);
            Ok(PageSeen {
                items: (end - start) as usize,
                total: list.total,
            })
        },
        &|stop| format!("{stop:?}"),
    );
    (result, items)
}

#[test]
fn every_item_arrives_once_in_order_with_a_count() {
    let list = FakeList::new(95, Some(95));
    let (result, items) = read(&list, PAGING);
    let read = result.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items, (0..95).collect::<Vec<_>>());
    assert_eq!((read.pages, read.items, read.complete), (10, 95, true));
    assert_eq!(
        list.requests.load(Ordering::Relaxed),
        10,
        "no page past the count"
    );
}

#[test]
fn a_count_that_is_a_whole_number_of_pages_needs_no_empty_page() {
    let list = FakeList::new(30, Some(30));
    let (result, items) = read(&list, PAGING);
    assert_eq!(items.len(), 30);
    assert!(result.is_ok_and(|r| r.complete && r.pages == 3));
    assert_eq!(list.requests.load(Ordering::Relaxed), 3);
}

#[test]
fn a_list_on_one_page_costs_one_request() {
    let list = FakeList::new(4, None);
    let (result, items) = read(&list, PAGING);
    assert_eq!(items.len(), 4);
    assert!(result.is_ok_and(|r| r.complete && r.pages == 1));
    assert_eq!(list.requests.load(Ordering::Relaxed), 1);
}

#[test]
fn without_a_count_the_read_ends_at_the_first_short_page() {
    let list = FakeList::new(57, None);
    let (result, items) = read(&list, PAGING);
    assert_eq!(items, (0..57).collect::<Vec<_>>());
    let read = result.unwrap_or_else(|e| panic!("{e}"));
    assert!(read.complete);
    // Pages past the end may have been asked ahead, at most one window's worth.
    let requests = list.requests.load(Ordering::Relaxed);
    assert!((6..=6 + 3).contains(&requests), "{requests}");
}

#[test]
fn a_count_too_small_is_read_past_and_noted() {
    // A full page that ends past the count shows the count is wrong. (A count that ends
    // exactly on a full page cannot be told from a right one without an extra request,
    // which the whole-number case above proves is not made.)
    let list = FakeList::new(45, Some(15));
    let (result, items) = read(&list, PAGING);
    assert_eq!(items.len(), 45);
    let read = result.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        read.notes.iter().any(|n| n.contains("sent more")),
        "{read:?}"
    );
}

#[test]
fn a_short_page_before_the_count_is_flagged_incomplete() {
    let list = FakeList::new(25, Some(60));
    let (result, items) = read(&list, PAGING);
    assert_eq!(items.len(), 25);
    let read = result.unwrap_or_else(|e| panic!("{e}"));
    assert!(!read.complete);
    assert!(
        read.notes
            .iter()
            .any(|n| n.contains("short page at skip 20"))
    );
}

#[test]
fn a_server_that_never_ends_a_list_is_stopped_by_the_page_limit() {
    let endless = FakeList::new(u64::MAX / 2, None);
    let paging = SkipPaging {
        max_pages: 12,
        ..PAGING
    };
    let (result, items) = read(&endless, paging);
    let read = result.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((read.pages, items.len()), (12, 120));
    assert!(!read.complete);
}

#[test]
fn a_count_that_keeps_growing_gets_a_finite_budget() {
    let mut plan = Plan::new(PAGING);
    let mut pages = 0;
    loop {
        pages += 1;
        assert!(pages < 1000, "must stop");
        let total = plan.delivered * 10 + 30;
        if plan.take(PageSeen {
            items: 10,
            total: Some(total),
        }) {
            break;
        }
    }
    assert!(!plan.finish().complete);
}

#[test]
fn the_first_error_ends_the_read() {
    let cancel = AtomicBool::new(false);
    let result = read_pages(
        PAGING,
        &cancel,
        &|skip| {
            std::future::ready(if skip == 30 {
                Err(format!("refused at {skip}"))
            } else {
                Ok(skip)
            })
        },
        &mut |_, _| {
            Ok(PageSeen {
                items: 10,
                total: Some(100),
            })
        },
        &|stop| format!("{stop:?}"),
    );
    assert_eq!(result, Err("refused at 30".to_owned()));
}

#[test]
fn cancel_ends_the_read() {
    let cancel = AtomicBool::new(false);
    let result = read_pages(
        PAGING,
        &cancel,
        &|skip| std::future::ready(Ok::<u64, String>(skip)),
        &mut |skip, _| {
            if skip == 20 {
                cancel.store(true, Ordering::Relaxed);
            }
            Ok(PageSeen {
                items: 10,
                total: None,
            })
        },
        &|stop| format!("{stop:?}"),
    );
    assert_eq!(result, Err("Cancelled".to_owned()));
}
