//! The choices of each interactive "predict the output" question
//! (`theme/predict.js`), generated, never typed: for every
//! `outputs/predict/NAME.possible` (the set loom computes,
//! tests/loom_predict.rs) this writes `outputs/predict/NAME.choices.html`,
//! a hidden list that the question's section includes. It holds the loom set
//! and plausible wrong outputs, mixed in one sorted order, each with whether
//! it is possible and how often it appeared in the real runs
//! (`NAME.runs`, tests/exercises.rs). Without JavaScript it stays hidden and
//! the folded answer below it is the answer, as before.
//!
//! The wrong outputs come from the possible ones:
//! - outputs made of several parts (lines joined by ` / `, or words): other
//!   orders of the same parts. First those that keep every order all the
//!   possible outputs agree on (`a1` before `a2`, `b1` before `b2`) and are
//!   still impossible, such as another thread's line inside a critical
//!   section: the subtle ones. Then those that break one such order, the
//!   fewest swaps from a possible output first.
//! - numbers: the integers just below and above the possible ones.
//! - lines with numbers in them (`ready, data = 42`): the same line with
//!   the numbers the other possible outputs show in that place.
//!
//! `RECORD=1 cargo test -p checks --test predict_choices` writes the files;
//! without it, a file that is not what the generator makes now fails, as
//! does a possible set without its section's include, in either language.

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use checks::{book, root};

/// Outputs of several parts with more parts than this are not permuted.
const MAX_PARTS: usize = 7;

fn predict_dir() -> PathBuf {
    root().join("outputs/predict")
}

/// Every question: the names of the `.possible` files.
fn questions() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(predict_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "possible"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// How many wrong outputs a question offers beside `possible` right ones:
/// about eight choices in all, and at least two wrong ones.
fn wrong_wanted(possible: usize) -> usize {
    8usize.saturating_sub(possible).clamp(2, 4)
}

/// How an output splits into parts that a scheduler could reorder.
fn parts(output: &str) -> Vec<&str> {
    if output.contains(" / ") {
        output.split(" / ").collect()
    } else {
        output.split(' ').collect()
    }
}

fn join_parts(possible: &[String], parts: &[&str]) -> String {
    let separator = if possible.iter().any(|o| o.contains(" / ")) {
        " / "
    } else {
        " "
    };
    parts.join(separator)
}

/// The plausible wrong outputs, best first (not yet cut to a number).
fn wrong_outputs(possible: &[String]) -> Vec<String> {
    let set: BTreeSet<&str> = possible.iter().map(String::as_str).collect();
    if let Some(wrong) = reorderings(possible, &set) {
        return wrong;
    }
    if let Some(wrong) = other_numbers(possible, &set) {
        return wrong;
    }
    numbers_in_lines(possible, &set)
}

/// Other orders of the parts, when every possible output is an order of the
/// same distinct parts.
fn reorderings(possible: &[String], set: &BTreeSet<&str>) -> Option<Vec<String>> {
    let first = parts(&possible[0]);
    let distinct: BTreeSet<&str> = first.iter().copied().collect();
    let same_parts = |o: &String| {
        let mut a = parts(o);
        let mut b = first.clone();
        a.sort_unstable();
        b.sort_unstable();
        a == b
    };
    if first.len() < 2
        || first.len() > MAX_PARTS
        || distinct.len() != first.len()
        || !possible.iter().all(same_parts)
    {
        return None;
    }
    let orders: Vec<Vec<&str>> = possible.iter().map(|o| parts(o)).collect();
    let position = |order: &[&str], part: &str| order.iter().position(|p| *p == part).unwrap();
    // Pairs (x, y) with x before y in every possible output.
    let mut always: Vec<(&str, &str)> = Vec::new();
    for &x in &first {
        for &y in &first {
            if x != y && orders.iter().all(|o| position(o, x) < position(o, y)) {
                always.push((x, y));
            }
        }
    }
    let mut ranked: Vec<((usize, usize), String)> = Vec::new();
    for candidate in permutations(&first) {
        let text = join_parts(possible, &candidate);
        if set.contains(text.as_str()) {
            continue;
        }
        let broken = always
            .iter()
            .filter(|(x, y)| position(&candidate, x) > position(&candidate, y))
            .count();
        // Swaps of neighbours from the nearest possible output.
        let swaps = orders
            .iter()
            .map(|order| {
                let mut inversions = 0;
                for (i, a) in candidate.iter().enumerate() {
                    for b in &candidate[i + 1..] {
                        if position(order, a) > position(order, b) {
                            inversions += 1;
                        }
                    }
                }
                inversions
            })
            .min()
            .unwrap();
        ranked.push(((broken, swaps), text));
    }
    ranked.sort();
    Some(ranked.into_iter().map(|(_, text)| text).collect())
}

fn permutations<'a>(parts: &[&'a str]) -> Vec<Vec<&'a str>> {
    if parts.len() <= 1 {
        return vec![parts.to_vec()];
    }
    let mut all = Vec::new();
    for i in 0..parts.len() {
        let mut rest = parts.to_vec();
        let first = rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first);
            all.push(tail);
        }
    }
    all
}

/// When every output is one integer: the integers just around them.
fn other_numbers(possible: &[String], set: &BTreeSet<&str>) -> Option<Vec<String>> {
    let numbers: Vec<i64> = possible
        .iter()
        .map(|o| o.parse().ok())
        .collect::<Option<_>>()?;
    let (low, high) = (*numbers.iter().min()?, *numbers.iter().max()?);
    let distance = |n: i64| numbers.iter().map(|m| (n - m).abs()).min().unwrap();
    let mut wrong: Vec<i64> = ((low - 2).max(0)..=high + 1)
        .filter(|n| !set.contains(n.to_string().as_str()))
        .collect();
    wrong.sort_by_key(|&n| (distance(n), n));
    Some(wrong.iter().map(i64::to_string).collect())
}

/// Lines with numbers in them: each line with the numbers that the
/// possible outputs of the same shape show in each place.
fn numbers_in_lines(possible: &[String], set: &BTreeSet<&str>) -> Vec<String> {
    let number = regex::Regex::new(r"\d+").unwrap();
    // The line with its numbers taken out, and the numbers seen in each place.
    let mut shapes: BTreeMap<String, Vec<BTreeSet<String>>> = BTreeMap::new();
    for output in possible {
        let shape = number.replace_all(output, "\u{0}").into_owned();
        let values: Vec<String> = number
            .find_iter(output)
            .map(|m| m.as_str().to_string())
            .collect();
        let places = shapes
            .entry(shape)
            .or_insert_with(|| vec![BTreeSet::new(); values.len()]);
        for (place, value) in places.iter_mut().zip(values) {
            place.insert(value);
        }
    }
    let mut wrong = Vec::new();
    for (shape, places) in &shapes {
        let mut lines = vec![shape.clone()];
        for place in places {
            lines = lines
                .iter()
                .flat_map(|line| place.iter().map(move |v| line.replacen('\u{0}', v, 1)))
                .collect();
        }
        wrong.extend(lines.into_iter().filter(|l| !set.contains(l.as_str())));
    }
    wrong
}

/// Sorted as a reader would look for them: numbers by value, text by text.
fn sort_choices(choices: &mut [(String, bool, usize)]) {
    choices.sort_by(|a, b| match (a.0.parse::<i64>(), b.0.parse::<i64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.0.cmp(&b.0),
    });
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A `.runs` file: output → how many runs printed it.
fn parse_runs(text: &str) -> BTreeMap<String, usize> {
    text.lines()
        .filter_map(|line| {
            let (count, rest) = line.trim_start().split_once(' ')?;
            let output = rest.trim_start_matches(['█', ' ']);
            Some((output.to_string(), count.parse().ok()?))
        })
        .collect()
}

/// The file for question `name`, from its possible set and its runs.
fn choices_html(name: &str, possible: &[String], runs: &BTreeMap<String, usize>) -> String {
    let wrong = wrong_outputs(possible);
    let mut choices: Vec<(String, bool, usize)> = possible
        .iter()
        .map(|o| (o.clone(), true, runs.get(o).copied().unwrap_or(0)))
        .chain(
            wrong
                .into_iter()
                .take(wrong_wanted(possible.len()))
                .map(|o| {
                    let seen = runs.get(&o).copied().unwrap_or(0);
                    (o, false, seen)
                }),
        )
        .collect();
    sort_choices(&mut choices);
    let total: usize = runs.values().sum();
    let mut html = format!(
        "<div class=\"predict-quiz\" data-predict=\"{}\" data-runs=\"{total}\" hidden>\n<ul>\n",
        escape(name)
    );
    for (output, is_possible, seen) in choices {
        html.push_str(&format!(
            "<li data-possible=\"{is_possible}\" data-seen=\"{seen}\">{}</li>\n",
            escape(&output)
        ));
    }
    html.push_str("</ul>\n</div>\n");
    html
}

fn read_lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn each_question_s_choices_are_what_the_generator_makes_now() {
    let record = env::var_os("RECORD").is_some();
    let mut problems = Vec::new();
    let names = questions();
    assert!(!names.is_empty(), "no outputs/predict/*.possible");
    for name in &names {
        let possible = read_lines(&predict_dir().join(format!("{name}.possible")));
        let runs = parse_runs(
            &fs::read_to_string(predict_dir().join(format!("{name}.runs"))).unwrap_or_default(),
        );
        let html = choices_html(name, &possible, &runs);
        let path = predict_dir().join(format!("{name}.choices.html"));
        if record {
            fs::write(&path, &html).unwrap();
        } else if fs::read_to_string(&path).ok().as_deref() != Some(html.as_str()) {
            problems.push(format!(
                "outputs/predict/{name}.choices.html is stale or missing: it is not what the \
                 generator makes from {name}.possible and {name}.runs now \
                 (`RECORD=1 cargo test -p checks --test predict_choices`)"
            ));
        }
    }
    // No choices left behind by a question that is gone.
    for entry in fs::read_dir(predict_dir()).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(name) = file.strip_suffix(".choices.html")
            && !names.iter().any(|n| n == name)
        {
            problems.push(format!(
                "outputs/predict/{file} has no {name}.possible: delete it"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_question_offers_its_loom_set_and_wrong_outputs() {
    for name in questions() {
        let possible = read_lines(&predict_dir().join(format!("{name}.possible")));
        let wrong = wrong_outputs(&possible);
        for output in &wrong {
            assert!(!possible.contains(output), "{name}: {output} is possible");
        }
        let unique: BTreeSet<&String> = wrong.iter().collect();
        assert_eq!(unique.len(), wrong.len(), "{name}: a wrong output twice");
    }
}

/// Each page that shows a possible set also includes the choices, in the
/// same section, before the folded answer: the script builds the question
/// there, and a reader without JavaScript still has the answer.
#[test]
fn the_pages_include_each_question_s_choices_before_its_answer() {
    let mut problems = Vec::new();
    for name in questions() {
        for lang in book::LANGUAGES {
            let mut found = false;
            for page in book::pages(&root()).into_iter().filter(|p| p.lang == lang) {
                let choices = format!("outputs/predict/{name}.choices.html}}}}");
                let possible = format!("outputs/predict/{name}.possible}}}}");
                let (Some(answer), at_choices) =
                    (page.text.find(&possible), page.text.find(&choices))
                else {
                    continue;
                };
                found = true;
                let folded = page.text[..answer].rfind("<details>");
                match (at_choices, folded) {
                    (Some(c), Some(d)) if c < d && !page.text[c..d].contains("\n#") => {}
                    _ => problems.push(format!(
                        "{}: include ../../../outputs/predict/{name}.choices.html in the \
                         question's section, before the <details> of its answer",
                        page.display()
                    )),
                }
            }
            if !found {
                problems.push(format!("src/{lang}: no page shows {name}.possible"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_wrong_outputs_are_the_plausible_ones() {
    let lines = |text: &str| -> Vec<String> { text.lines().map(str::to_string).collect() };
    // One guard for a's two entries: b cannot come between them, though
    // each thread's own order holds.
    let guard = lines("a1 a2 b1 b2\nb1 a1 a2 b2\nb1 b2 a1 a2");
    assert_eq!(
        wrong_outputs(&guard)[..3],
        ["a1 b1 a2 b2", "b1 a1 b2 a2", "a1 b1 b2 a2"]
    );
    // Lost updates: around the possible counts.
    let counts = lines("2\n3\n4");
    assert_eq!(wrong_outputs(&counts), ["1", "5", "0"]);
    // Numbers in a line: the combinations not seen.
    let flags = lines("r1 = 0, r2 = 1\nr1 = 1, r2 = 0\nr1 = 1, r2 = 1");
    assert_eq!(wrong_outputs(&flags), ["r1 = 0, r2 = 0"]);
    let html = choices_html("q", &counts, &BTreeMap::from([("4".to_string(), 3)]));
    assert!(html.contains("<li data-possible=\"false\" data-seen=\"0\">1</li>\n<li data-possible=\"true\" data-seen=\"0\">2</li>"));
    assert!(html.contains("data-runs=\"3\" hidden>"));
    assert!(
        !html.contains("\n\n"),
        "a blank line would end the HTML block in Markdown"
    );
}
