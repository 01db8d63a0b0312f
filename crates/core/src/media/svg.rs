//! SVG drawings, rendered by resvg with nothing fetched and nothing run.
//!
//! resvg never runs scripts; we also refuse external references (an
//! `<image href="file:…">` or a URL resolves to nothing, only `data:` images
//! load), and check the cost of a drawing before handing it over: the
//! document is parsed with a node limit, and the elements it would have once
//! every `<use>` is expanded are counted, so a "billion laughs" of nested
//! `<use>` is refused in microseconds instead of filling memory.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use image::{DynamicImage, RgbaImage};
use resvg::{tiny_skia, usvg};

use super::RenderError;

/// Largest SVG file read.
pub const MAX_BYTES: u64 = 32 << 20;
/// Most XML nodes parsed.
const MAX_NODES: u32 = 500_000;
/// Most elements once `<use>` references are expanded.
const MAX_EXPANDED: u64 = 2_000_000;

fn damaged(detail: impl std::fmt::Display) -> RenderError {
    RenderError::Undecodable(format!(
        "the SVG file is damaged or not an SVG drawing\n{detail}"
    ))
}

/// Fonts for `<text>`, found once per process.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_system_fonts();
            Arc::new(database)
        })
        .clone()
}

/// The drawing rendered so its longest edge is `edge` pixels (drawings
/// scale: a 24-pixel icon is drawn sharp at the preview's size), with its
/// declared size.
pub(super) fn render(bytes: &[u8], edge: u32) -> Result<(DynamicImage, u32, u32), RenderError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| damaged("it is not UTF-8 text (compressed SVGZ is not supported)"))?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(text, options).map_err(damaged)?;
    check_expansion(&document)?;
    let mut settings = usvg::Options {
        resources_dir: None,
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    settings.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
        // Files and URLs are never opened.
        resolve_string: Box::new(|_, _| None),
    };
    let tree = usvg::Tree::from_xmltree(&document, &settings).map_err(damaged)?;
    let size = tree.size();
    let (width, height) = (size.width(), size.height());
    if !(width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0) {
        return Err(damaged("the drawing has no size"));
    }
    let scale = edge as f32 / width.max(height);
    let pixel_width = ((width * scale).round() as u32).clamp(1, edge);
    let pixel_height = ((height * scale).round() as u32).clamp(1, edge);
    let mut pixmap = tiny_skia::Pixmap::new(pixel_width, pixel_height)
        .ok_or_else(|| damaged("the drawing has no pixels"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let mut rgba = Vec::with_capacity(pixmap.data().len());
    for pixel in pixmap.pixels() {
        let color = pixel.demultiply();
        rgba.extend([color.red(), color.green(), color.blue(), color.alpha()]);
    }
    let image = RgbaImage::from_raw(pixel_width, pixel_height, rgba)
        .ok_or_else(|| damaged("the drawing has no pixels"))?;
    let declared = |v: f32| (v.round() as u32).max(1);
    Ok((
        DynamicImage::ImageRgba8(image),
        declared(width),
        declared(height),
    ))
}

/// Refuses a drawing whose `<use>` references would expand beyond
/// [`MAX_EXPANDED`] elements, or refer to themselves.
fn check_expansion(document: &roxmltree::Document) -> Result<(), RenderError> {
    let by_id: HashMap<&str, roxmltree::Node> = document
        .descendants()
        .filter(|n| n.is_element())
        .filter_map(|n| Some((n.attribute("id")?, n)))
        .collect();
    let mut memo: HashMap<roxmltree::NodeId, u64> = HashMap::new();
    let total = expanded(document.root(), &by_id, &mut memo, &mut Vec::new())
        .ok_or_else(|| damaged("a <use> element refers to itself"))?;
    if total > MAX_EXPANDED {
        return Err(RenderError::Undecodable(format!(
            "the SVG drawing is too complex to render safely: its references expand to over {} million elements",
            MAX_EXPANDED / 1_000_000
        )));
    }
    Ok(())
}

/// Elements under `node` with every `<use>` expanded, saturating; `None`
/// on a reference cycle.
fn expanded<'a>(
    node: roxmltree::Node<'a, 'a>,
    by_id: &HashMap<&str, roxmltree::Node<'a, 'a>>,
    memo: &mut HashMap<roxmltree::NodeId, u64>,
    path: &mut Vec<roxmltree::NodeId>,
) -> Option<u64> {
    if let Some(&known) = memo.get(&node.id()) {
        return Some(known);
    }
    if path.contains(&node.id()) {
        return None;
    }
    path.push(node.id());
    let mut count: u64 = u64::from(node.is_element());
    for child in node.children().filter(|c| c.is_element()) {
        count = count.saturating_add(expanded(child, by_id, memo, path)?);
        if count > MAX_EXPANDED {
            break;
        }
    }
    if node.has_tag_name("use") {
        let target = node
            .attributes()
            .find(|a| a.name() == "href")
            .and_then(|a| a.value().strip_prefix('#'))
            .and_then(|id| by_id.get(id));
        if let Some(&target) = target {
            count = count.saturating_add(expanded(target, by_id, memo, path)?);
        }
    }
    path.pop();
    memo.insert(node.id(), count);
    Some(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_renders_at_the_asked_size_with_its_colours() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">
            <rect width="20" height="20" fill="#ff0000"/>
            <rect x="20" width="20" height="20" fill="#0000ff"/></svg>"##;
        let (image, width, height) = render(svg, 200).unwrap();
        assert_eq!((width, height), (40, 20));
        let image = image.to_rgba8();
        assert_eq!(image.dimensions(), (200, 100));
        assert_eq!(image.get_pixel(50, 50).0, [255, 0, 0, 255]);
        assert_eq!(image.get_pixel(150, 50).0, [0, 0, 255, 255]);
    }

    #[test]
    fn nested_uses_that_would_explode_are_refused_quickly() {
        let mut svg = String::from(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><defs><rect id="l0" width="1" height="1"/>"#,
        );
        for level in 1..12 {
            svg.push_str(&format!(r#"<g id="l{level}">"#));
            for _ in 0..10 {
                svg.push_str(&format!(r##"<use xlink:href="#l{}"/>"##, level - 1));
            }
            svg.push_str("</g>");
        }
        svg.push_str(r##"</defs><use xlink:href="#l11"/></svg>"##);
        let started = std::time::Instant::now();
        let Err(RenderError::Undecodable(message)) = render(svg.as_bytes(), 256) else {
            panic!("a use bomb is refused");
        };
        assert!(message.contains("too complex"), "{message}");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn self_reference_and_external_images_are_harmless() {
        let looped = br##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g id="a"><use href="#a"/></g></svg>"##;
        assert!(matches!(
            render(looped, 64),
            Err(RenderError::Undecodable(_))
        ));
        let external = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="/etc/passwd" width="10" height="10"/><image href="http://example.com/x.png" width="10" height="10"/></svg>"#;
        let (image, ..) = render(external, 64).unwrap();
        assert!(image.to_rgba8().pixels().all(|p| p[3] == 0));
        assert!(matches!(
            render(b"<svg", 64),
            Err(RenderError::Undecodable(_))
        ));
        assert!(matches!(
            render(&[0xff, 0xfe, 0], 64),
            Err(RenderError::Undecodable(_))
        ));
    }
}
