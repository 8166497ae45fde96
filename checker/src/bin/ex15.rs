//! Exercise 15's check: the learner's `restock`, polled by hand (no runtime,
//! a waker that does nothing) with the van's channels driven by the check,
//! and dropped after k polls, for every k from 0 until it finishes, so that
//! the drop, which is what `abort()` does to a task's future, lands before
//! the first poll and at every `.await` where it suspends. Dropped before its van
//! arrived, a restock must leave the stock as it was; dropped after, the
//! stock must still hold 100 units; finished, it must have moved `LOAD`.
//! Then the starter's program, under load. (No loom model: loom does not
//! model tokio, and polling by hand decides every step, so the outcome does
//! not depend on timing.)

/// tokio does not build under `--cfg loom`, which CI's loom step sets for
/// the whole package; the `checker` command builds this check without it.
#[cfg(loom)]
fn main() {
    unreachable!("the checker command builds ex15 without --cfg loom");
}

#[cfg(not(loom))]
fn main() {
    check::main()
}

#[cfg(not(loom))]
mod check {
    use std::future::Future;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::{Arc, Mutex};
    use std::task::{Context, Poll, Waker};
    use std::time::Duration;

    use checker::{
        Lang, Report, check_the_program, panic_payload_message, run_program_if_asked, watchdog,
    };
    use tokio::sync::oneshot;

    use restock::{LOAD, Stock, Van};

    #[allow(dead_code, unused_imports)]
    mod program {
        use checker::notes;
        include!(concat!(env!("OUT_DIR"), "/ex15/program.rs"));
    }

    /// The learner's `restock`, with the starter's `LOAD`, `Stock` and
    /// `Van` around it as they are outside the region (full paths: the
    /// region's `use` lines are the file's, and may name the same things).
    #[allow(dead_code, unused_imports)]
    mod restock {
        use checker::std_sync as sync;

        /// Units moved by one restock.
        pub const LOAD: u32 = 10;

        /// Units in the warehouse and in the shop.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Stock {
            pub warehouse: u32,
            pub shop: u32,
        }

        /// The starter's van: `drive` says that it has left, then waits
        /// until the check says that it has arrived.
        pub struct Van {
            pub left: tokio::sync::oneshot::Sender<()>,
            pub arrived: tokio::sync::oneshot::Receiver<()>,
        }

        impl Van {
            async fn drive(self) {
                self.left.send(()).unwrap();
                self.arrived.await.unwrap();
            }
        }

        include!(concat!(env!("OUT_DIR"), "/ex15/model.rs"));

        pub fn start(
            stock: std::sync::Arc<std::sync::Mutex<Stock>>,
            van: Van,
        ) -> impl std::future::Future<Output = ()> {
            restock(stock, van)
        }
    }

    const FULL: Stock = Stock {
        warehouse: 100,
        shop: 0,
    };
    const DELIVERED: Stock = Stock {
        warehouse: 100 - LOAD,
        shop: LOAD,
    };

    /// The most polls a restock gets to finish in. Its van leaves in the
    /// first and arrives before the second, in which the solution finishes.
    const MAX_POLLS: usize = 20;

    /// How one restock ended.
    enum End {
        /// Dropped unfinished, leaving `stock`. `arrived`: its van had
        /// arrived before its last poll, so the restock may have seen it.
        Dropped { arrived: bool, stock: Stock },
        /// Finished, leaving `stock`; `arrived` as above.
        Finished { arrived: bool, stock: Stock },
        /// A poll, or the drop, panicked with this message.
        Panicked(String),
    }

    /// Runs one restock from a full warehouse, polling it at most `polls`
    /// times, and drops it there if it has not finished. The van arrives
    /// just before the first poll after it has left.
    fn drop_after(polls: usize) -> End {
        let stock = Arc::new(Mutex::new(FULL));
        let (left, mut has_left) = oneshot::channel();
        let (arrive, arrived) = oneshot::channel();
        let mut arrive = Some(arrive);
        // Boxed, so that dropping it drops the future, where it stands.
        let mut future = Box::pin(restock::start(Arc::clone(&stock), Van { left, arrived }));
        let mut context = Context::from_waker(Waker::noop());
        let look = |stock: &Mutex<Stock>| *stock.lock().unwrap_or_else(|e| e.into_inner());
        for _ in 0..polls {
            if has_left.try_recv().is_ok() {
                // The restock may have dropped its van's receiver: then
                // nobody waits for the arrival, and that is its business.
                let _ = arrive.take().unwrap().send(());
            }
            let arrived = arrive.is_none();
            match panic::catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(&mut context))) {
                Ok(Poll::Ready(())) => {
                    return End::Finished {
                        arrived,
                        stock: look(&stock),
                    };
                }
                Ok(Poll::Pending) => {}
                Err(payload) => return End::Panicked(panic_payload_message(&*payload)),
            }
        }
        let arrived = arrive.is_none();
        // What `abort()` does to a task that is not running: drops its
        // future where it last returned `Pending`.
        let dropped = panic::catch_unwind(AssertUnwindSafe(move || drop(future)));
        if let Err(payload) = dropped {
            return End::Panicked(panic_payload_message(&*payload));
        }
        End::Dropped {
            arrived,
            stock: look(&stock),
        }
    }

    fn units(stock: Stock) -> u32 {
        stock.warehouse + stock.shop
    }

    /// What is wrong with how the restock ended after `polls` polls, if anything.
    fn judge(lang: Lang, polls: usize, end: &End) -> Result<(), String> {
        match *end {
            End::Panicked(ref message) => Err(lang.pick(
                format!("재입고가 폴링 {polls}번 안에 패닉을 일으켰습니다: {message} (검사기는 런타임 없이 restock을 직접 폴링합니다)"),
                format!("the restock panicked within {polls} polls: {message} (the checker polls it by hand, without a runtime)"),
            )),
            End::Dropped { arrived: false, stock } if units(stock) < 100 => Err(lang.pick(
                format!("밴이 길 위에 있을 때 버려진 재입고가 재고를 {stock:?} 상태로 남겼습니다. {}개가 창고에도 매장에도 없습니다. abort는 태스크를 .await에서 멈추고, 그 뒤의 코드는 실행되지 않습니다. restock이 .await 앞에서 무엇을 바꾸는지 보세요", 100 - units(stock)),
                format!("dropped while its van was on the road, the restock left {stock:?}: {} units in neither place. An abort stops a task at an `.await`, and the code after it never runs; look at what your restock changes before its `.await`", 100 - units(stock)),
            )),
            End::Dropped { arrived: false, stock } if units(stock) > 100 => Err(lang.pick(
                format!("밴이 길 위에 있을 때 버려진 재입고가 재고를 {stock:?} 상태로 남겼습니다. 창고를 떠난 적 없는 {}개가 매장에 있습니다. abort는 태스크를 .await에서 멈추고, 그 뒤의 코드는 실행되지 않습니다", units(stock) - 100),
                format!("dropped while its van was on the road, the restock left {stock:?}: {} units reached the shop that never left the warehouse. An abort stops a task at an `.await`, and the code after it never runs", units(stock) - 100),
            )),
            End::Dropped { arrived: false, stock } if stock != FULL => Err(lang.pick(
                format!("밴이 도착하기 전에 버려진 재입고가 그래도 수량을 옮겼습니다: {stock:?}. 밴보다 먼저 매장에 닿는 물건은 없습니다"),
                format!("dropped before its van arrived, the restock moved the units anyway: {stock:?}. Units cannot reach the shop before the van does"),
            )),
            End::Dropped { arrived: true, stock } if units(stock) != 100 => Err(lang.pick(
                format!("밴이 도착한 뒤에 버려진 재입고가 재고를 {stock:?} 상태로 남겼습니다. 100개가 아니라 {}개입니다. 옮기는 일이 두 .await 사이에서 끊겼습니다", units(stock)),
                format!("dropped after its van arrived, the restock left {stock:?}: {} units, not 100. The move was cut between two `.await`s", units(stock)),
            )),
            End::Finished { arrived: false, .. } => Err(lang.pick(
                "밴이 도착하기 전에 재입고가 끝났습니다. 배달은 van.drive()를 기다려야 합니다".to_string(),
                "the restock finished before its van arrived: a delivery waits for `van.drive()`".to_string(),
            )),
            End::Finished { stock, .. } if units(stock) > 100 => Err(lang.pick(
                format!("배달을 마친 재입고가 재고를 {stock:?} 상태로 남겼습니다. 원래보다 {}개 많습니다. 퓨처를 버릴 때 실행되는 코드는 퓨처가 끝날 때도 실행됩니다", units(stock) - 100),
                format!("the delivered restock left {stock:?}: {} units more than there were. Code that runs when the future is dropped runs when it finishes, too", units(stock) - 100),
            )),
            End::Finished { stock, .. } if stock != DELIVERED => Err(lang.pick(
                format!("배달을 마친 재입고가 재고를 {DELIVERED:?}가 아니라 {stock:?} 상태로 남겼습니다"),
                format!("the delivered restock left {stock:?}, not {DELIVERED:?}"),
            )),
            _ => Ok(()),
        }
    }

    /// How long the polls may take: a poll that never returns locks a
    /// `Mutex` that its own thread holds (std's is not reentrant).
    const BOUND: Duration = Duration::from_secs(10);

    pub fn main() {
        run_program_if_asked(program::main);
        let report = Report::new();
        let lang = report.lang;
        let watchdog = watchdog(
            BOUND,
            &report,
            lang.pick(
                format!(
                    "restock의 폴링이 {}초 안에 돌아오지 않았습니다",
                    BOUND.as_secs()
                ),
                format!(
                    "a poll of the restock did not return within {} s",
                    BOUND.as_secs()
                ),
            ),
        );
        report.line(report.pick(
            "restock을 직접 폴링해 k번 폴링한 뒤 버림(abort와 같음), k = 0부터 끝날 때까지:",
            "the restock, polled by hand and dropped after k polls (as abort does), from k = 0 until it finishes:",
        ));
        // A panic in the learner's code is reported as the reason.
        panic::set_hook(Box::new(|_| {}));
        let mut polls = 0;
        loop {
            let end = drop_after(polls);
            let state = match &end {
                End::Dropped { arrived: false, .. } if polls == 0 => {
                    lang.pick("시작하기 전에 버림", "dropped before it starts")
                }
                End::Dropped { arrived: false, .. } => {
                    lang.pick("밴이 길 위에 있을 때 버림", "dropped, the van on the road")
                }
                End::Dropped { arrived: true, .. } => {
                    lang.pick("밴이 도착한 뒤에 버림", "dropped after the van arrived")
                }
                End::Finished { .. } => lang.pick("끝남", "finished"),
                End::Panicked(_) => lang.pick("패닉", "panicked"),
            };
            let shown = match &end {
                End::Dropped { stock, .. } | End::Finished { stock, .. } => format!(", {stock:?}"),
                End::Panicked(_) => String::new(),
            };
            let what = format!("  k = {polls}: {state}{shown}");
            match judge(lang, polls, &end) {
                Ok(()) => report.line(what),
                Err(reason) => {
                    let _ = panic::take_hook();
                    report.check(&what, Err(reason), "");
                }
            }
            if matches!(end, End::Finished { .. }) {
                break;
            }
            polls += 1;
            if polls > MAX_POLLS {
                let _ = panic::take_hook();
                report.not_yet(&lang.pick(
                    format!("밴이 도착했는데도 재입고가 폴링 {MAX_POLLS}번 안에 끝나지 않았습니다. 오지 않는 무언가를 기다리고 있지 않은지 보세요"),
                    format!("the restock did not finish within {MAX_POLLS} polls, its van arrived: does it wait for something that never comes?"),
                ));
            }
        }
        let _ = panic::take_hook();
        report.line(report.pick(
            "어디서 버려도: 잃은 수량 없음, 밴이 도착하기 전에 옮긴 수량 없음",
            "wherever the restock was dropped: nothing lost, nothing moved before its van arrived",
        ));
        watchdog.stop();
        check_the_program(
            &report,
            "취소된 재입고는 아무것도 옮기지 않았고, 배달된 재입고는 10개를 옮겼습니다",
            "the aborted restock moved nothing, the delivered one 10 units",
        );
        report.correct();
    }
}
