//! Charts drawn as SVG at build time.
//!
//! plotters (SVG backend only) draws the frame: axes, grid, tick labels and
//! axis captions, and maps data to pixels. The marks are added here as SVG
//! elements of their own, because plotters' drawing backends take shapes
//! only: a mark must be a link to its claim (`<a href>`) with a `<title>`
//! (the tooltip, with the value in its original currency), which no backend
//! primitive can carry. Every mark is `<a class="mark" data-claim="ID">`, so
//! a test can count them.
//!
//! Why plotters: it is maintained, its SVG backend alone is a few small
//! crates (no fonts, no bitmap code), and its output is deterministic.
//! charming was the other candidate, but it emits ECharts options that a
//! script draws in the browser (server-side SVG needs a JavaScript runtime),
//! and the site's charts must be visible without script.
//!
//! Coordinates are `f64` here and only here: they place pixels. The figures
//! people read (titles, tables) are the exact decimal strings.

use std::fmt::Write as _;

use plotters::prelude::*;

/// How a mark is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Filled, solid line.
    Reported,
    /// Hollow circle, dashed outline.
    Planned,
    /// Hollow diamond, dashed outline.
    Projected,
}

/// One plotted claim.
#[derive(Clone, Debug)]
pub struct Mark {
    pub claim: String,
    pub href: String,
    /// The tooltip: value as written, EUR equivalent, period, status.
    pub title: String,
    pub status: Status,
    /// Part of an acknowledged contradiction or `disputed`: a red ring.
    pub disputed: bool,
}

/// A point of a time series.
#[derive(Clone, Debug)]
pub struct Point {
    /// The series (one line per subject).
    pub series: String,
    /// Years, fractional (2024.5 is mid-2024).
    pub x: f64,
    pub y: f64,
    pub mark: Mark,
}

/// A bar of a bar chart.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub mark: Mark,
}

const W: u32 = 720;
const COLORS: [&str; 8] = ["#1f5fa8", "#b35806", "#2d7f3e", "#7b3294", "#c51b7d", "#01665e", "#8c510a", "#4d4d4d"];

/// Escapes text for SVG/HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Opens the plotters SVG for our use: accessible name, class, and the
/// place to insert marks (before `</svg>`).
fn finish(svg: String, id: &str, title: &str, marks: &str, n: usize) -> String {
    let head = format!("<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title\" data-marks=\"{n}\" ", id = esc(id));
    let mut s = svg.replacen("<svg ", &head, 1);
    if let Some(end) = s.find('>') {
        s.insert_str(end + 1, &format!("\n<title id=\"{}-title\">{}</title>", esc(id), esc(title)));
    }
    match s.rfind("</svg>") {
        Some(i) => s.insert_str(i, marks),
        None => s.push_str(marks),
    }
    s
}

fn mark_open(o: &mut String, m: &Mark) {
    let _ = write!(
        o,
        "<a class=\"mark {}{}\" href=\"{}\" data-claim=\"{}\"><title>{}</title>",
        match m.status {
            Status::Reported => "reported",
            Status::Planned => "planned",
            Status::Projected => "projected",
        },
        if m.disputed { " disputed" } else { "" },
        esc(&m.href),
        esc(&m.claim),
        esc(&m.title)
    );
}

fn shape(o: &mut String, m: &Mark, x: f64, y: f64, color: &str) {
    if m.disputed {
        let _ = write!(o, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"9\" fill=\"none\" stroke=\"#d7191c\" stroke-width=\"2\"/>");
    }
    match m.status {
        Status::Reported => {
            let _ = write!(o, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{color}\" stroke=\"{color}\" stroke-width=\"2\"/>");
        }
        Status::Planned => {
            let _ = write!(
                o,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"#fff\" stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>"
            );
        }
        Status::Projected => {
            let _ = write!(
                o,
                "<path d=\"M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z\" fill=\"#fff\" stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>",
                x,
                y - 6.0,
                x + 6.0,
                y,
                x,
                y + 6.0,
                x - 6.0,
                y
            );
        }
    }
}

/// Nice upper bound for an axis.
fn nice_max(v: f64) -> f64 {
    if !(v > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if v <= m * p {
            return m * p;
        }
    }
    10.0 * p
}

/// A time series chart: one line per series, one mark per point. `unit`
/// captions the y axis (values are already divided by it).
pub fn series(id: &str, title: &str, y_caption: &str, points: &[Point]) -> String {
    let mut names: Vec<&str> = points.iter().map(|p| p.series.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let (mut x0, mut x1) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.x), b.max(p.x)));
    if points.is_empty() {
        (x0, x1) = (2020.0, 2025.0);
    }
    x0 = x0.floor() - 0.5;
    x1 = x1.ceil() + 0.5;
    let ymax = nice_max(points.iter().map(|p| p.y).fold(0.0, f64::max) * 1.05);
    let h = 320 + 18 * names.len().div_ceil(3) as u32;
    let mut svg = String::new();
    let mut coords: Vec<(i32, i32)> = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, h)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let legend_h = 18 * names.len().div_ceil(3) as u32;
        let (plot, _legend) = root.split_vertically(h - legend_h);
        if let Ok(mut chart) =
            ChartBuilder::on(&plot).margin(12).x_label_area_size(40).y_label_area_size(64).build_cartesian_2d(x0..x1, 0f64..ymax)
        {
            let _ = chart
                .configure_mesh()
                .x_labels(((x1 - x0) as usize + 1).min(12))
                .x_label_formatter(&|x| if (x.fract()).abs() < 1e-9 { format!("{x:.0}") } else { String::new() })
                .y_label_formatter(&|y| trim_float(*y))
                .x_desc("year")
                .y_desc(y_caption)
                .light_line_style(RGBColor(235, 235, 235))
                .draw();
            coords = points.iter().map(|p| chart.backend_coord(&(p.x, p.y))).collect();
        }
        let _ = root.present();
    }
    let mut o = String::new();
    // Lines: per series, in x order; dashed into a planned or projected point.
    for (si, name) in names.iter().enumerate() {
        let color = COLORS[si % COLORS.len()];
        let mut idx: Vec<usize> = (0..points.len()).filter(|&i| points[i].series == *name).collect();
        idx.sort_by(|&a, &b| points[a].x.total_cmp(&points[b].x).then(points[a].mark.claim.cmp(&points[b].mark.claim)));
        for w in idx.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (Some(pa), Some(pb)) = (coords.get(a), coords.get(b)) else { continue };
            let dashed = points[a].mark.status != Status::Reported || points[b].mark.status != Status::Reported;
            let _ = write!(
                o,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{color}\" stroke-width=\"1.5\"{} aria-hidden=\"true\"/>",
                pa.0,
                pa.1,
                pb.0,
                pb.1,
                if dashed { " stroke-dasharray=\"6 4\"" } else { "" }
            );
        }
    }
    for (i, p) in points.iter().enumerate() {
        let color = COLORS[names.iter().position(|n| *n == p.series).unwrap_or(0) % COLORS.len()];
        let Some(c) = coords.get(i) else { continue };
        mark_open(&mut o, &p.mark);
        shape(&mut o, &p.mark, c.0 as f64, c.1 as f64, color);
        o.push_str("</a>");
    }
    // Legend: series names under the plot.
    let top = h - 18 * names.len().div_ceil(3) as u32;
    for (si, name) in names.iter().enumerate() {
        let x = 70 + (si % 3) as u32 * 215;
        let y = top + 12 + 18 * (si / 3) as u32;
        let color = COLORS[si % COLORS.len()];
        let _ = write!(
            o,
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"4\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"12\">{}</text>",
            y - 6,
            x + 16,
            y,
            esc(name)
        );
    }
    finish(svg, id, title, &o, points.len())
}

/// A horizontal bar chart (shares): one bar per claim, labelled.
pub fn bars(id: &str, title: &str, x_caption: &str, bars: &[Bar]) -> String {
    let row = 26u32;
    let h = 70 + row * bars.len() as u32;
    let xmax = nice_max(bars.iter().map(|b| b.value).fold(0.0, f64::max));
    let label_w = 260u32;
    let mut svg = String::new();
    let mut geo: Vec<((i32, i32), (i32, i32))> = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, h)).into_drawing_area();
        let _ = root.fill(&WHITE);
        if let Ok(mut chart) = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(label_w)
            .build_cartesian_2d(0f64..xmax, 0f64..bars.len().max(1) as f64)
        {
            let _ = chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(0)
                .x_label_formatter(&|x| trim_float(*x))
                .x_desc(x_caption)
                .light_line_style(RGBColor(235, 235, 235))
                .draw();
            let n = bars.len() as f64;
            geo = bars
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let top = n - i as f64 - 0.15;
                    let bottom = n - i as f64 - 0.85;
                    (chart.backend_coord(&(0.0, top)), chart.backend_coord(&(b.value, bottom)))
                })
                .collect();
        }
        let _ = root.present();
    }
    let mut o = String::new();
    for (b, ((x0, y0), (x1, y1))) in bars.iter().zip(&geo) {
        let _ = write!(
            o,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"12\">{}</text>",
            x0 - 6,
            (y0 + y1) / 2 + 4,
            esc(&b.label)
        );
        let color = COLORS[0];
        mark_open(&mut o, &b.mark);
        if b.mark.disputed {
            let _ = write!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#d7191c\" stroke-width=\"3\"/>",
                x0 - 2,
                y0 - 2,
                (x1 - x0).max(1) + 4,
                (y1 - y0) + 4
            );
        }
        let (fill, dash) = match b.mark.status {
            Status::Reported => (color, ""),
            _ => ("#fff", " stroke-dasharray=\"4 3\""),
        };
        let _ = write!(
            o,
            "<rect x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>",
            (x1 - x0).max(1),
            y1 - y0
        );
        o.push_str("</a>");
    }
    finish(svg, id, title, &o, bars.len())
}

fn trim_float(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}
