//! Bar charts: groups along the horizontal axis, one bar per series in each
//! group, values on a linear or logarithmic vertical axis.
//!
//! Like [`crate::timeline`], a [`BarChart`] is plain data and [`render`]
//! writes it in either language. Bars are coloured by the classes
//! `fig-bar fig-bar-N` (N = the series' index), which `theme/notes.css` may
//! map to theme colours; without them each series is the text colour at its
//! own opacity, so the chart reads in light and dark themes and in print.
//!
//! ```
//! use figures::chart::{BarChart, Bars, Scale};
//! use figures::{Label, Lang};
//!
//! let mut chart = BarChart::new("fig-speed", Label::new("속도", "Speed"), Label::new("배", "times"));
//! chart.groups = vec![Label::same("2"), Label::same("4")];
//! chart.series.push(Bars::new(Label::same("Rust"), vec![Some(1.9), Some(3.7)]));
//! chart.series.push(Bars::new(Label::same("Python"), vec![Some(1.0), None]));
//! chart.reference = Some((2.0, Label::new("이상적", "ideal")));
//! let svg = figures::chart::render(&chart, Lang::En);
//! assert!(svg.starts_with("<svg"));
//! assert!(svg.contains("Rust"));
//! ```

use svg::Document;
use svg::node::element::{Description, Group, Line, Rectangle, Style, Text, Title};

use crate::timeline::text_width;
use crate::{Label, Lang};

/// How values map to heights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    Linear,
    /// For values that span several orders of magnitude; every value must be positive.
    Log,
}

/// One series: a value (or none) for each group, in the groups' order.
#[derive(Clone, Debug, PartialEq)]
pub struct Bars {
    pub name: Label,
    pub values: Vec<Option<f64>>,
}

impl Bars {
    pub fn new(name: Label, values: Vec<Option<f64>>) -> Self {
        Bars { name, values }
    }
}

/// A whole chart.
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    /// Unique on its page: the ids of the title and description derive from it.
    pub id: String,
    /// The chart's title, also its accessible name.
    pub title: Label,
    /// What the vertical axis counts, e.g. "messages/s".
    pub unit: Label,
    pub groups: Vec<Label>,
    pub series: Vec<Bars>,
    pub scale: Scale,
    /// A value to draw as a dashed line across the chart (e.g. the ideal speedup).
    pub reference: Option<(f64, Label)>,
}

impl BarChart {
    pub fn new(id: impl Into<String>, title: Label, unit: Label) -> Self {
        BarChart {
            id: id.into(),
            title,
            unit,
            groups: Vec::new(),
            series: Vec::new(),
            scale: Scale::Linear,
            reference: None,
        }
    }

    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .chain(self.reference.iter().map(|r| r.0))
            .filter(|v| v.is_finite())
    }
}

/// A number in at most three significant digits with an SI suffix:
/// `950`, `1.2 K`, `35 M`, `0.42`.
pub fn format_value(value: f64) -> String {
    let (scaled, suffix) = match value.abs() {
        v if v >= 1e9 => (value / 1e9, " G"),
        v if v >= 1e6 => (value / 1e6, " M"),
        v if v >= 1e4 => (value / 1e3, " K"),
        _ => (value, ""),
    };
    // Three significant digits, however small (a ratio of 0.0042 stays 0.0042).
    let digits = match scaled.abs() {
        0.0 => 0,
        v => (2 - v.log10().floor() as i32).max(0) as usize,
    };
    let text = format!("{scaled:.digits$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}{suffix}")
}

// Layout, in SVG user units (the figure scales to its column; on a narrow
// screen theme/notes.css keeps it at least WIDTH px wide, so that the smallest
// text, FONT - 2.0 units, stays at 10 CSS px or more).
const WIDTH: f64 = 720.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 28.0;
const PLOT: f64 = 220.0;
const FONT: f64 = 12.0;

fn r(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The fill opacity of series `i` when no stylesheet colours it.
fn opacity(i: usize) -> f64 {
    [0.9, 0.6, 0.38, 0.22, 0.12][i % 5]
}

/// The vertical axis: where a value sits and which ticks to draw.
struct Axis {
    scale: Scale,
    low: f64,
    high: f64,
    ticks: Vec<f64>,
}

impl Axis {
    fn new(chart: &BarChart) -> Axis {
        let max = chart.values().fold(0.0_f64, f64::max);
        match chart.scale {
            Scale::Linear => {
                let rough = (max.max(f64::MIN_POSITIVE) / 5.0).max(1e-9);
                let power = 10f64.powf(rough.log10().floor());
                let step = [1.0, 2.0, 5.0, 10.0]
                    .into_iter()
                    .map(|m| m * power)
                    .find(|&s| s >= rough)
                    .unwrap_or(10.0 * power);
                let high = (max / step).ceil().max(1.0) * step;
                let ticks = (0..=((high / step).round() as usize))
                    .map(|i| i as f64 * step)
                    .collect();
                Axis {
                    scale: Scale::Linear,
                    low: 0.0,
                    high,
                    ticks,
                }
            }
            Scale::Log => {
                let min = chart
                    .values()
                    .filter(|&v| v > 0.0)
                    .fold(f64::INFINITY, f64::min);
                let (min, max) = if min.is_finite() {
                    (min, max)
                } else {
                    (1.0, 10.0)
                };
                let low = min.log10().floor() as i32;
                let high = (max.log10().ceil() as i32).max(low + 1);
                Axis {
                    scale: Scale::Log,
                    low: f64::from(low),
                    high: f64::from(high),
                    ticks: (low..=high).map(|p| 10f64.powi(p)).collect(),
                }
            }
        }
    }

    /// The height above the baseline, 0 to `PLOT`.
    fn height(&self, value: f64) -> f64 {
        let at = match self.scale {
            Scale::Linear => value,
            Scale::Log => value.max(f64::MIN_POSITIVE).log10(),
        };
        (PLOT * (at - self.low) / (self.high - self.low)).clamp(0.0, PLOT)
    }
}

/// Draws `chart` as an SVG document (one `<svg>` element, no blank lines, so
/// it can sit inline in a Markdown page).
pub fn render(chart: &BarChart, lang: Lang) -> String {
    let axis = Axis::new(chart);
    let base = TOP + PLOT;
    let y = |v: f64| r(base - axis.height(v));
    let plot = WIDTH - LEFT - RIGHT;
    let group_width = plot / chart.groups.len().max(1) as f64;
    let bar = (group_width * 0.8 / chart.series.len().max(1) as f64).min(56.0);

    let mut body = Group::new();

    let mut ticks = Group::new().set("class", "fig-axis");
    for &tick in &axis.ticks {
        ticks = ticks
            .add(
                Line::new()
                    .set("class", "fig-grid")
                    .set("x1", LEFT)
                    .set("x2", WIDTH - RIGHT)
                    .set("y1", y(tick))
                    .set("y2", y(tick))
                    .set("stroke", "#888")
                    .set("stroke-opacity", 0.25),
            )
            .add(
                Text::new(format_value(tick))
                    .set("x", LEFT - 6.0)
                    .set("y", r(y(tick) + FONT / 3.0))
                    .set("text-anchor", "end"),
            );
    }
    ticks = ticks
        .add(
            Text::new(chart.unit.get(lang))
                .set("class", "fig-unit")
                .set("x", 4)
                .set("y", TOP - 12.0),
        )
        .add(
            Line::new()
                .set("x1", LEFT)
                .set("x2", WIDTH - RIGHT)
                .set("y1", base)
                .set("y2", base)
                .set("stroke", "currentColor"),
        );
    body = body.add(ticks);

    // Drawn before the bars, so that a bar reaching it covers it. Its label
    // goes into the legend: beside the line, it would collide with a bar that
    // reaches the line at either end.
    if let Some((value, _)) = &chart.reference {
        body = body.add(
            Group::new().set("class", "fig-reference").add(
                Line::new()
                    .set("x1", LEFT)
                    .set("x2", WIDTH - RIGHT)
                    .set("y1", y(*value))
                    .set("y2", y(*value))
                    .set("stroke", "currentColor")
                    .set("stroke-dasharray", "6 4"),
            ),
        );
    }

    for (g, group) in chart.groups.iter().enumerate() {
        let centre = LEFT + group_width * (g as f64 + 0.5);
        let first = centre - bar * chart.series.len() as f64 / 2.0;
        let mut bars = Group::new().set("class", "fig-group");
        for (s, series) in chart.series.iter().enumerate() {
            let Some(value) = series.values.get(g).copied().flatten() else {
                continue;
            };
            let x = r(first + bar * s as f64);
            let tip = format!(
                "{}, {}: {} {}",
                group.get(lang),
                series.name.get(lang),
                format_value(value),
                chart.unit.get(lang)
            );
            bars = bars
                .add(
                    Rectangle::new()
                        .set("class", format!("fig-bar fig-bar-{s}"))
                        .set("x", x)
                        .set("y", y(value))
                        .set("width", r(bar - 2.0))
                        .set("height", r(base - y(value)))
                        .set("fill-opacity", opacity(s))
                        .add(Title::new(tip)),
                )
                .add(
                    Text::new(format_value(value))
                        .set("class", "fig-bar-value")
                        .set("x", r(x + (bar - 2.0) / 2.0))
                        .set("y", r(y(value) - 3.0))
                        .set("font-size", FONT - 2.0)
                        .set("text-anchor", "middle"),
                );
        }
        bars = bars.add(
            Text::new(group.get(lang))
                .set("class", "fig-group-name")
                .set("x", r(centre))
                .set("y", r(base + FONT + 6.0))
                .set("text-anchor", "middle"),
        );
        body = body.add(bars);
    }

    // Legend: one swatch per series, left to right, wrapping.
    let mut legend = Group::new().set("class", "fig-legend");
    let (mut lx, mut ly) = (LEFT, base + 2.0 * FONT + 14.0);
    for (s, series) in chart.series.iter().enumerate() {
        let name = series.name.get(lang);
        let width = 16.0 + text_width(name, FONT) + 18.0;
        if lx + width > WIDTH - RIGHT && lx > LEFT {
            lx = LEFT;
            ly += FONT + 8.0;
        }
        legend = legend
            .add(
                Rectangle::new()
                    .set("class", format!("fig-bar fig-bar-{s}"))
                    .set("x", r(lx))
                    .set("y", r(ly - FONT + 2.0))
                    .set("width", 12)
                    .set("height", 10)
                    .set("fill-opacity", opacity(s)),
            )
            .add(Text::new(name).set("x", r(lx + 16.0)).set("y", r(ly)));
        lx += width;
    }
    if let Some((value, label)) = &chart.reference {
        let name = format!("{} {}", label.get(lang), format_value(*value));
        let width = 26.0 + text_width(&name, FONT) + 18.0;
        if lx + width > WIDTH - RIGHT && lx > LEFT {
            lx = LEFT;
            ly += FONT + 8.0;
        }
        legend = legend
            .add(
                Line::new()
                    .set("class", "fig-reference")
                    .set("x1", r(lx))
                    .set("x2", r(lx + 22.0))
                    .set("y1", r(ly - FONT / 3.0))
                    .set("y2", r(ly - FONT / 3.0))
                    .set("stroke", "currentColor")
                    .set("stroke-dasharray", "6 4"),
            )
            .add(Text::new(name).set("x", r(lx + 26.0)).set("y", r(ly)));
    }
    body = body.add(legend);

    let height = r(ly + 10.0);
    let title_id = format!("{}-title", chart.id);
    let desc_id = format!("{}-desc", chart.id);
    let style = crate::stylesheet(&body.to_string());
    Document::new()
        .set("viewBox", (0, 0, WIDTH, height))
        .set("class", "fig fig-chart")
        .set("role", "img")
        .set("aria-labelledby", format!("{title_id} {desc_id}"))
        .set("font-size", FONT)
        .set("fill", "currentColor")
        .add(Title::new(chart.title.get(lang)).set("id", title_id))
        .add(
            Description::new()
                .set("id", desc_id)
                .add(svg::node::Text::new(describe(chart, lang))),
        )
        .add(Style::new(style))
        .add(body)
        .to_string()
}

/// The text alternative: every value, group by group.
pub fn describe(chart: &BarChart, lang: Lang) -> String {
    let groups: Vec<String> = chart
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let values: Vec<String> = chart
                .series
                .iter()
                .filter_map(|s| {
                    let value = s.values.get(g).copied().flatten()?;
                    Some(format!("{} {}", s.name.get(lang), format_value(value)))
                })
                .collect();
            format!("{}: {}", group.get(lang), values.join(", "))
        })
        .collect();
    let unit = chart.unit.get(lang);
    match lang {
        Lang::Ko => format!("막대 그래프({unit}). {}.", groups.join("; ")),
        Lang::En => format!("Bar chart ({unit}). {}.", groups.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_short() {
        assert_eq!(format_value(950.0), "950");
        assert_eq!(format_value(12_345.0), "12.3 K");
        assert_eq!(format_value(35_000_000.0), "35 M");
        assert_eq!(format_value(1.25), "1.25");
        assert_eq!(format_value(0.0), "0");
        assert_eq!(format_value(0.00421), "0.00421");
        assert_eq!(format_value(123.4), "123");
    }

    #[test]
    fn a_bigger_value_draws_a_taller_bar() {
        for scale in [Scale::Linear, Scale::Log] {
            let mut chart = BarChart::new("t", Label::same("t"), Label::same("u"));
            chart.scale = scale;
            chart.groups = vec![Label::same("a")];
            chart.series = vec![
                Bars::new(Label::same("small"), vec![Some(10.0)]),
                Bars::new(Label::same("big"), vec![Some(1000.0)]),
            ];
            let axis = Axis::new(&chart);
            assert!(axis.height(1000.0) > axis.height(10.0));
            assert!(axis.height(1000.0) <= PLOT);
        }
    }
}
