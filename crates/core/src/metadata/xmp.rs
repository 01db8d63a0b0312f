//! XMP packets: found by scanning for `<x:xmpmeta` (the way every container
//! embeds them, as plain XML), parsed with quick-xml into the few
//! properties a library shows. Properties are matched by their usual
//! prefixes (`dc:`, `xmp:`, `lr:`…), as every writer in practice spells them.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Metadata, parse_iso_date};

/// Longest packet parsed; real ones are a few kilobytes, with thumbnails
/// some hundreds.
const MAX_PACKET: usize = 2 << 20;
/// Most values collected from one packet (a keyword list is one each).
const MAX_VALUES: usize = 2048;
/// Deepest element nesting followed.
const MAX_DEPTH: usize = 64;

/// The first XMP packet in `bytes`, as text: `Ok(None)` when there is
/// none, an error in plain words when one starts and never ends (or is not
/// text).
pub(super) fn find_packet(bytes: &[u8]) -> Result<Option<&str>, String> {
    let Some(start) = find(bytes, b"<x:xmpmeta") else {
        return Ok(None);
    };
    let rest = &bytes[start..bytes.len().min(start + MAX_PACKET)];
    let Some(end) = find(rest, b"</x:xmpmeta>") else {
        return Err("the XMP metadata is cut off or too long".into());
    };
    let end = end + b"</x:xmpmeta>".len();
    std::str::from_utf8(&rest[..end])
        .map(Some)
        .map_err(|_| "the XMP metadata is not valid text".into())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// What a packet says, and a problem if it is not well-formed XML (what was
/// read before the damage is kept).
pub(super) fn parse(packet: &str) -> (Metadata, Option<String>) {
    let mut values: Vec<(String, String)> = Vec::new();
    let problem = collect(packet, &mut values).err();
    let mut found = Metadata::default();
    let all = |name: &'static str| {
        values
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.trim())
    };
    let first = |name: &'static str| all(name).find(|v| !v.is_empty()).map(str::to_string);
    found.title = first("dc:title");
    found.caption = first("dc:description");
    found.make = first("tiff:Make");
    found.model = first("tiff:Model");
    found.lens = first("exifEX:LensModel").or_else(|| first("aux:Lens"));
    found.rating = first("xmp:Rating")
        .and_then(|r| r.parse::<f64>().ok())
        .filter(|r| (0.0..=5.0).contains(r))
        .map(|r| r.round() as i64);
    found.taken = [
        "exif:DateTimeOriginal",
        "photoshop:DateCreated",
        "xmp:CreateDate",
    ]
    .into_iter()
    .find_map(|name| all(name).find_map(parse_iso_date));
    found.label = first("xmp:Label");
    let mut keywords: Vec<String> = all("lr:hierarchicalSubject").map(str::to_string).collect();
    // digiKam's hierarchy uses slashes: the same tag as Lightroom's pipes.
    for tag in all("digiKam:TagsList") {
        let tag = tag.replace('/', "|");
        if !keywords.contains(&tag) {
            keywords.push(tag);
        }
    }
    for subject in all("dc:subject") {
        // A flat keyword that ends a hierarchy already listed says nothing new.
        let in_hierarchy = keywords
            .iter()
            .any(|k| k.rsplit('|').next() == Some(subject));
        if !in_hierarchy {
            keywords.push(subject.to_string());
        }
    }
    keywords.retain(|k| !k.is_empty());
    keywords.dedup();
    found.keywords = keywords;
    let problem = problem.map(|e| format!("the XMP metadata is damaged ({e})"));
    (found, problem)
}

/// Collects (property, value) pairs: attributes of `rdf:Description`,
/// simple property elements, and the `rdf:li` items of bags, sequences and
/// alternatives, each under the property that holds them.
fn collect(packet: &str, values: &mut Vec<(String, String)>) -> Result<(), quick_xml::Error> {
    let mut reader = Reader::from_str(packet);
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    loop {
        if values.len() >= MAX_VALUES {
            return Ok(());
        }
        match reader.read_event()? {
            Event::Start(element) => {
                if stack.len() >= MAX_DEPTH {
                    return Ok(());
                }
                let name = name_of(&element);
                if name == "rdf:Description" {
                    attributes(&element, values);
                }
                stack.push(name);
                text.clear();
            }
            Event::Empty(element) if name_of(&element) == "rdf:Description" => {
                attributes(&element, values);
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(t.as_ref()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Some(c) = predefined(&r.xml10_content()) {
                    text.push(c);
                }
            }
            Event::End(_) => {
                let Some(name) = stack.pop() else { continue };
                if !text.trim().is_empty()
                    && let Some(property) = property_of(&name, &stack)
                {
                    values.push((property, std::mem::take(&mut text)));
                }
                text.clear();
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn name_of(element: &BytesStart<'_>) -> String {
    element.name().as_ref().to_string()
}

/// The property an element's text belongs to: the element itself, or for
/// an `rdf:li` the nearest enclosing element that is not RDF syntax.
fn property_of(name: &str, enclosing: &[String]) -> Option<String> {
    if !name.starts_with("rdf:") {
        return Some(name.to_string());
    }
    if name != "rdf:li" {
        return None;
    }
    enclosing
        .iter()
        .rev()
        .find(|n| !n.starts_with("rdf:"))
        .cloned()
}

fn attributes(element: &BytesStart<'_>, values: &mut Vec<(String, String)>) {
    for attribute in element.attributes().flatten() {
        let key = attribute.key.as_ref().to_string();
        if key.starts_with("xmlns") || key.starts_with("rdf:") || key.starts_with("xml:") {
            continue;
        }
        if let Ok(value) = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            values.push((key, value.into_owned()));
        }
    }
}

fn predefined(entity: &str) -> Option<char> {
    Some(match entity {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKET: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmp:Rating="4" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Temple &amp; garden</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Evening at Kinkaku-ji</rdf:li></rdf:Alt></dc:description>
<dc:subject><rdf:Bag><rdf:li>Kyoto</rdf:li><rdf:li>temple</rdf:li></rdf:Bag></dc:subject>
<lr:hierarchicalSubject><rdf:Bag><rdf:li>Places|Japan|Kyoto</rdf:li></rdf:Bag></lr:hierarchicalSubject>
<photoshop:DateCreated>2019-07-14T18:42:07+09:00</photoshop:DateCreated>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"#;

    #[test]
    fn a_lightroom_packet_reads_whole() {
        let bytes = format!("\u{ff}\u{d8}junk{PACKET}trailing");
        let (found, problem) = parse(find_packet(bytes.as_bytes()).unwrap().unwrap());
        assert_eq!(problem, None);
        assert_eq!(found.title.as_deref(), Some("Temple & garden"));
        assert_eq!(found.caption.as_deref(), Some("Evening at Kinkaku-ji"));
        assert_eq!(found.rating, Some(4));
        assert_eq!(found.keywords, ["Places|Japan|Kyoto", "temple"]);
        assert_eq!(found.taken.unwrap().offset_minutes, Some(540));
    }

    #[test]
    fn broken_packets_keep_what_came_before_the_damage() {
        let broken = PACKET.replace("</dc:description>", "</dc:oops>");
        let (found, problem) = parse(&broken);
        assert_eq!(found.title.as_deref(), Some("Temple & garden"));
        assert!(problem.unwrap().starts_with("the XMP metadata is damaged"));
        assert!(find_packet(b"<x:xmpmeta never closed").is_err());
        assert_eq!(find_packet(b"no packet here"), Ok(None));
    }
}
