//! What `measure pyext` adds to a recording, and what is drawn from it.

use bench::report::{self, GilSpan, Recording, Row};
use figures::Lang;

fn span(lang: &str, lane: u32, start: u64, end: u64) -> GilSpan {
    GilSpan {
        lang: lang.into(),
        lane,
        start,
        end,
    }
}

fn row(item: &str, param: u64, value: f64) -> Row {
    Row {
        case: "pyext".into(),
        item: item.into(),
        param,
        lang: "python".into(),
        value,
        unit: "numbers/s".into(),
    }
}

/// `measure pyext` alone keeps the GIL lanes of `measure gil`, and the other way round.
#[test]
fn a_run_replaces_only_the_lanes_it_drew() {
    let mut recording = Recording {
        gil: vec![span("rust", 1, 0, 10), span("python", 1, 0, 5)],
        ..Recording::default()
    };
    recording.merge(Recording {
        gil: vec![span("pyext-releasing", 1, 0, 9)],
        ..Recording::default()
    });
    let langs = |r: &Recording| r.gil.iter().map(|s| s.lang.clone()).collect::<Vec<_>>();
    assert_eq!(langs(&recording), ["rust", "python", "pyext-releasing"]);
    recording.merge(Recording {
        gil: vec![span("python", 2, 1, 2)],
        ..Recording::default()
    });
    assert_eq!(langs(&recording), ["rust", "python", "pyext-releasing"]);
    assert_eq!(
        recording.gil[1].lane, 2,
        "the fresh python lane replaced the old"
    );
}

#[test]
fn nothing_is_drawn_for_pyext_until_it_is_recorded() {
    let drawn = |r: &Recording| {
        report::generated(r)
            .into_iter()
            .filter(|(path, _)| path.to_string_lossy().contains("pyext"))
            .count()
    };
    let mut recording = Recording::default();
    assert_eq!(drawn(&recording), 0);
    recording.rows.push(row("python-threads", 1, 1.0));
    recording.gil.push(span("pyext-keeping", 1, 0, 9));
    assert_eq!(drawn(&recording), 2 * report::PYEXT_FILES.len());
}

#[test]
fn the_table_shows_each_variant_and_its_speedup() {
    let recording = Recording {
        rows: vec![
            row("python-threads", 1, 100.0),
            row("python-threads", 2, 95.0),
            row("python-processes", 2, 180.0),
            row("keeping-gil-threads", 1, 1000.0),
            row("keeping-gil-threads", 2, 990.0),
            row("keeping-gil-processes", 2, 1500.0),
            row("releasing-gil-threads", 1, 1000.0),
            row("releasing-gil-threads", 2, 1900.0),
            row("releasing-gil-processes", 2, 1600.0),
            row("rayon-call", 2, 1950.0),
        ],
        ..Recording::default()
    };
    let table = report::pyext_table(&recording, Lang::En);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "| Measured (numbers checked/s) | 1 thread | 2 threads | 2 processes | 2 threads: speedup |"
    );
    assert_eq!(
        lines[4],
        "| Rust releasing the GIL (`count_releasing_gil`) | 1000 | 1900 | 1600 | 1.90× |"
    );
    assert_eq!(
        lines[5],
        "| rayon, 2 threads in one call (`count_rayon`) | 1950 | — | — | 1.95× |"
    );
    let speedup = report::pyext_speedup(&recording, "keeping-gil-threads", 2).unwrap();
    assert!((speedup - 0.99).abs() < 1e-9);
}
