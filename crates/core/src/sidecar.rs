//! XMP sidecars: the `.xmp` file beside a photo in which Lightroom, digiKam,
//! darktable and exiftool keep what a person said about it. Two names are
//! in use — `photo.jpg.xmp` (darktable, digiKam) and `photo.xmp` (Lightroom,
//! for raw files mostly) — and both are read.
//!
//! Writing merges into the sidecar that is there: the properties the library
//! manages (keywords, description, and title, rating or label when it has
//! them) are replaced, everything else — other namespaces, other tools'
//! fields, the packet's layout — is copied through unchanged. A sidecar that
//! cannot be parsed is never overwritten.

use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesPI, BytesStart, BytesText, Event};

/// Largest sidecar read or merged; real ones are a few kilobytes.
pub const MAX_SIDECAR_BYTES: u64 = 2 << 20;
/// Deepest nesting copied through a merge.
const MAX_DEPTH: usize = 128;

const NS_X: &str = "adobe:ns:meta/";
const NS_RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const NAMESPACES: [(&str, &str); 4] = [
    ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
    ("xmlns:xmp", "http://ns.adobe.com/xap/1.0/"),
    ("xmlns:lr", "http://ns.adobe.com/lightroom/1.0/"),
    ("xmlns:digiKam", "http://www.digikam.org/ns/1.0/"),
];

/// What the library writes to a sidecar. `None` leaves a property as the
/// sidecar has it; keywords and the description are always the library's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SidecarValues {
    /// Tag names; `Places|Japan|Kyoto` is hierarchical.
    pub keywords: Vec<String>,
    pub description: String,
    pub title: Option<String>,
    pub rating: Option<i64>,
    pub label: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    #[error("the sidecar {} could not be read: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the sidecar {} is too big to be a sidecar ({size} bytes)", path.display())]
    TooBig { path: PathBuf, size: u64 },
    #[error("the sidecar is not XMP the library can read, so it was left as it is ({0})")]
    Unreadable(String),
    #[error("the sidecar {} could not be written: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Whether `path` names an XMP sidecar (by its extension, as every tool
/// finds them).
pub fn is_sidecar(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xmp"))
}

/// The sidecar of `file` that exists, if any: `file.ext.xmp` first (it
/// names this very file), then `file.xmp`.
pub fn find_for(file: &Path) -> Option<PathBuf> {
    [beside(file), stem_sidecar(file)]
        .into_iter()
        .flatten()
        .find(|candidate| candidate.is_file())
}

/// `photo.jpg` → `photo.jpg.xmp`: the name the library writes.
pub fn beside(file: &Path) -> Option<PathBuf> {
    let name = file.file_name()?;
    let mut sidecar = name.to_os_string();
    sidecar.push(".xmp");
    Some(file.with_file_name(sidecar))
}

fn stem_sidecar(file: &Path) -> Option<PathBuf> {
    file.extension()?;
    Some(file.with_extension("xmp"))
}

/// The file a sidecar belongs to, among `siblings` (the files in its
/// folder, by name): `photo.jpg.xmp` → `photo.jpg`; `photo.xmp` → a file
/// named `photo.*`, a raw one first (Lightroom's habit), then any.
pub fn owner_among<'a>(sidecar: &Path, siblings: &'a [&'a str]) -> Option<&'a str> {
    let name = sidecar.file_name()?.to_str()?;
    let stem = &name[..name.len().checked_sub(4)?];
    if let Some(owner) = siblings
        .iter()
        .find(|s| **s == stem && !is_sidecar(Path::new(s)))
    {
        return Some(owner);
    }
    let same_stem: Vec<&'a str> = siblings
        .iter()
        .copied()
        .filter(|s| {
            let path = Path::new(s);
            !is_sidecar(path) && path.file_stem().and_then(|f| f.to_str()) == Some(stem)
        })
        .collect();
    same_stem
        .iter()
        .copied()
        .find(|s| crate::filetype::is_raw_name(Path::new(s)))
        .or_else(|| same_stem.first().copied())
}

/// One folder's files, by name, paired with their sidecars: for each name,
/// the index of the sidecar it gets, if any; and which names are sidecars
/// given to a file (those are no items of their own). `photo.jpg.xmp`
/// names its file more exactly than `photo.xmp` and wins over it.
pub(crate) fn pair_in_folder(names: &[&str]) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut sidecar_of = vec![None; names.len()];
    let mut given = vec![false; names.len()];
    if !names.iter().any(|n| is_sidecar(Path::new(n))) {
        return (sidecar_of, given);
    }
    for (i, name) in names.iter().enumerate() {
        if !is_sidecar(Path::new(name)) {
            continue;
        }
        let Some(owner) = owner_among(Path::new(name), names) else {
            continue;
        };
        let Some(at) = names.iter().position(|n| *n == owner) else {
            continue;
        };
        let exact = name.len() > owner.len();
        if sidecar_of[at].is_none() || exact {
            sidecar_of[at] = Some(i);
        }
        given[i] = true;
    }
    (sidecar_of, given)
}

/// Reads a sidecar's text, bounded.
pub fn read_text(path: &Path) -> Result<String, SidecarError> {
    let read = |source| SidecarError::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read)?.len();
    if size > MAX_SIDECAR_BYTES {
        return Err(SidecarError::TooBig {
            path: path.to_path_buf(),
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(read)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes `values` into the sidecar at `path` (merged into the one there,
/// or a new one), atomically: a temporary file beside it, synced, renamed
/// over. Returns false when the sidecar already said exactly this.
pub fn write(path: &Path, values: &SidecarValues) -> Result<bool, SidecarError> {
    let existing = match read_text(path) {
        Ok(text) => Some(text),
        Err(SidecarError::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            None
        }
        Err(e) => return Err(e),
    };
    let merged = merge(existing.as_deref(), values)?;
    if existing.as_deref() == Some(merged.as_str()) {
        return Ok(false);
    }
    crate::durable::replace_with_bytes(path, merged.as_bytes()).map_err(|source| {
        SidecarError::Write {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(true)
}

/// The sidecar text with `values` in it: `existing` merged, or a new packet.
pub fn merge(existing: Option<&str>, values: &SidecarValues) -> Result<String, SidecarError> {
    match existing {
        Some(text) if !text.trim().is_empty() => merge_into(text, values),
        _ => Ok(fresh(values)),
    }
}

/// The properties this library replaces in a merge.
fn owned(name: &str, values: &SidecarValues) -> bool {
    match name {
        "dc:subject" | "lr:hierarchicalSubject" | "digiKam:TagsList" | "dc:description" => true,
        "dc:title" => values.title.is_some(),
        "xmp:Rating" => values.rating.is_some(),
        "xmp:Label" => values.label.is_some(),
        _ => false,
    }
}

fn fresh(values: &SidecarValues) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    let result: std::io::Result<()> = (|| {
        writer.write_event(Event::PI(BytesPI::new(
            "xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"",
        )))?;
        let mut meta = BytesStart::new("x:xmpmeta");
        meta.push_attribute(("xmlns:x", NS_X));
        meta.push_attribute(("x:xmptk", "Mahresources"));
        writer.write_event(Event::Start(meta))?;
        let mut rdf = BytesStart::new("rdf:RDF");
        rdf.push_attribute(("xmlns:rdf", NS_RDF));
        writer.write_event(Event::Start(rdf))?;
        writer.write_event(Event::Start(new_description(values)))?;
        write_properties(&mut writer, values)?;
        writer.write_event(Event::End(BytesEnd::new("rdf:Description")))?;
        writer.write_event(Event::End(BytesEnd::new("rdf:RDF")))?;
        writer.write_event(Event::End(BytesEnd::new("x:xmpmeta")))?;
        writer.write_event(Event::PI(BytesPI::new("xpacket end=\"w\"")))
    })();
    debug_assert!(result.is_ok(), "writing to a Vec cannot fail");
    let mut text = String::from_utf8_lossy(&writer.into_inner()).into_owned();
    text.push('\n');
    text
}

fn merge_into(text: &str, values: &SidecarValues) -> Result<String, SidecarError> {
    let unreadable = |e: &dyn std::fmt::Display| SidecarError::Unreadable(e.to_string());
    let mut reader = Reader::from_str(text);
    let mut writer = Writer::new(Vec::new());
    let mut depth = 0usize;
    // Inside a property we replace: its depth, to skip to its end.
    let mut skipping: Option<usize> = None;
    // The rdf:Description open now (exiftool writes one per namespace, and
    // our properties are replaced in each), and whether it is the first,
    // where ours are written.
    let mut description: Option<(usize, bool)> = None;
    let mut written = false;
    let mut saw_rdf = false;
    loop {
        let event = reader.read_event().map_err(|e| unreadable(&e))?;
        match event {
            Event::Start(element) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(SidecarError::Unreadable("nested too deeply".into()));
                }
                if skipping.is_some() {
                    continue;
                }
                let name = element.name().into_inner().to_string();
                saw_rdf |= name == "rdf:RDF";
                let child_of_description = description.is_some_and(|(at, _)| at + 1 == depth);
                if child_of_description && owned(&name, values) {
                    skipping = Some(depth);
                    continue;
                }
                if name == "rdf:Description" {
                    let first = !written;
                    let element =
                        rewrite_description(&element, values, first).map_err(|e| unreadable(&e))?;
                    description = Some((depth, first));
                    written |= first;
                    emit(&mut writer, Event::Start(element))?;
                    continue;
                }
                emit(&mut writer, Event::Start(element))?;
            }
            Event::Empty(element) => {
                if skipping.is_some() {
                    continue;
                }
                let name = element.name().into_inner().to_string();
                let child_of_description = description.is_some_and(|(at, _)| at == depth);
                if child_of_description && owned(&name, values) {
                    continue;
                }
                if name == "rdf:Description" {
                    let first = !written;
                    let element =
                        rewrite_description(&element, values, first).map_err(|e| unreadable(&e))?;
                    if first {
                        // `<rdf:Description .../>` opens to take our properties.
                        let end = element.to_end().into_owned();
                        emit(&mut writer, Event::Start(element))?;
                        write_properties(&mut writer, values).map_err(|e| unreadable(&e))?;
                        emit(&mut writer, Event::End(end))?;
                        written = true;
                    } else {
                        emit(&mut writer, Event::Empty(element))?;
                    }
                    continue;
                }
                emit(&mut writer, Event::Empty(element))?;
            }
            Event::End(element) => {
                if let Some(at) = skipping {
                    if depth == at {
                        skipping = None;
                    }
                    depth = depth.saturating_sub(1);
                    continue;
                }
                if let Some((at, first)) = description
                    && at == depth
                {
                    if first {
                        write_properties(&mut writer, values).map_err(|e| unreadable(&e))?;
                    }
                    description = None;
                }
                if element.name().into_inner() == "rdf:RDF" && !written {
                    // No rdf:Description at all: add one.
                    emit(&mut writer, Event::Start(new_description(values)))?;
                    write_properties(&mut writer, values).map_err(|e| unreadable(&e))?;
                    emit(&mut writer, Event::End(BytesEnd::new("rdf:Description")))?;
                    written = true;
                }
                depth = depth.saturating_sub(1);
                emit(&mut writer, Event::End(element))?;
            }
            Event::Eof => break,
            other => {
                if skipping.is_none() {
                    emit(&mut writer, other)?;
                }
            }
        }
    }
    if !saw_rdf || !written || depth != 0 {
        return Err(SidecarError::Unreadable(
            "the rdf:RDF element is missing or not closed".into(),
        ));
    }
    Ok(String::from_utf8_lossy(&writer.into_inner()).into_owned())
}

fn emit(writer: &mut Writer<Vec<u8>>, event: Event<'_>) -> Result<(), SidecarError> {
    writer
        .write_event(event)
        .map_err(|e| SidecarError::Unreadable(e.to_string()))
}

/// A `rdf:Description` start with our attribute properties replaced and, on
/// the one we write into, our namespaces declared.
fn rewrite_description(
    element: &BytesStart<'_>,
    values: &SidecarValues,
    ours: bool,
) -> Result<BytesStart<'static>, quick_xml::Error> {
    let mut rewritten = BytesStart::new("rdf:Description");
    let mut declared = Vec::new();
    for attribute in element.attributes() {
        let attribute = attribute.map_err(quick_xml::Error::from)?;
        let key = attribute.key.into_inner();
        if owned(key, values) {
            continue;
        }
        declared.push(key.to_string());
        rewritten.push_attribute(attribute);
    }
    if ours {
        for (prefix, uri) in NAMESPACES {
            if !declared.iter().any(|k| k == prefix) {
                rewritten.push_attribute((prefix, uri));
            }
        }
        add_attributes(&mut rewritten, values);
    }
    Ok(rewritten.into_owned())
}

/// An `rdf:Description` of our own: our namespaces and attribute values.
fn new_description(values: &SidecarValues) -> BytesStart<'static> {
    let mut description = BytesStart::new("rdf:Description");
    description.push_attribute(("rdf:about", ""));
    for (prefix, uri) in NAMESPACES {
        description.push_attribute((prefix, uri));
    }
    add_attributes(&mut description, values);
    description
}

fn add_attributes(description: &mut BytesStart<'_>, values: &SidecarValues) {
    if let Some(rating) = values.rating {
        description.push_attribute(("xmp:Rating", rating.clamp(-1, 5).to_string().as_str()));
    }
    if let Some(label) = &values.label {
        description.push_attribute(("xmp:Label", label.as_str()));
    }
}

/// The element properties: title and description as language
/// alternatives, flat keywords (each tag's last part) in `dc:subject`,
/// hierarchical ones in Lightroom's and digiKam's forms.
fn write_properties(writer: &mut Writer<Vec<u8>>, values: &SidecarValues) -> std::io::Result<()> {
    if let Some(title) = &values.title {
        language_alternative(writer, "dc:title", title)?;
    }
    if !values.description.is_empty() {
        language_alternative(writer, "dc:description", &values.description)?;
    }
    let mut flat: Vec<&str> = values
        .keywords
        .iter()
        .filter_map(|k| k.rsplit('|').next())
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .collect();
    flat.dedup();
    let hierarchical: Vec<&str> = values
        .keywords
        .iter()
        .map(String::as_str)
        .filter(|k| k.contains('|'))
        .collect();
    list(writer, "dc:subject", "rdf:Bag", flat.iter().copied())?;
    list(
        writer,
        "lr:hierarchicalSubject",
        "rdf:Bag",
        hierarchical.iter().copied(),
    )?;
    let digikam: Vec<String> = hierarchical.iter().map(|k| k.replace('|', "/")).collect();
    list(
        writer,
        "digiKam:TagsList",
        "rdf:Seq",
        digikam.iter().map(String::as_str),
    )
}

fn language_alternative(
    writer: &mut Writer<Vec<u8>>,
    name: &str,
    text: &str,
) -> std::io::Result<()> {
    writer.write_event(Event::Start(BytesStart::new(name)))?;
    writer.write_event(Event::Start(BytesStart::new("rdf:Alt")))?;
    let mut item = BytesStart::new("rdf:li");
    item.push_attribute(("xml:lang", "x-default"));
    writer.write_event(Event::Start(item))?;
    writer.write_event(Event::Text(BytesText::new(text)))?;
    writer.write_event(Event::End(BytesEnd::new("rdf:li")))?;
    writer.write_event(Event::End(BytesEnd::new("rdf:Alt")))?;
    writer.write_event(Event::End(BytesEnd::new(name)))
}

fn list<'a>(
    writer: &mut Writer<Vec<u8>>,
    name: &str,
    container: &str,
    items: impl Iterator<Item = &'a str>,
) -> std::io::Result<()> {
    let items: Vec<&str> = items.collect();
    if items.is_empty() {
        return Ok(());
    }
    writer.write_event(Event::Start(BytesStart::new(name)))?;
    writer.write_event(Event::Start(BytesStart::new(container)))?;
    for item in items {
        writer.write_event(Event::Start(BytesStart::new("rdf:li")))?;
        writer.write_event(Event::Text(BytesText::new(item)))?;
        writer.write_event(Event::End(BytesEnd::new("rdf:li")))?;
    }
    writer.write_event(Event::End(BytesEnd::new(container)))?;
    writer.write_event(Event::End(BytesEnd::new(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> SidecarValues {
        SidecarValues {
            keywords: vec!["Places|Japan|Kyoto".into(), "temple".into()],
            description: "Evening <at> Kinkaku-ji & garden".into(),
            ..SidecarValues::default()
        }
    }

    const FOREIGN: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" crs:Exposure2012="+0.35" xmp:Rating="3">
<dc:subject><rdf:Bag><rdf:li>old</rdf:li></rdf:Bag></dc:subject>
<crs:ToneCurvePV2012><rdf:Seq><rdf:li>0, 0</rdf:li><rdf:li>255, 255</rdf:li></rdf:Seq></crs:ToneCurvePV2012>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"#;

    fn reread(text: &str) -> crate::metadata::Metadata {
        crate::metadata::read_sidecar_text(text).0
    }

    #[test]
    fn a_new_sidecar_reads_back() {
        let text = merge(None, &values()).unwrap();
        let found = reread(&text);
        assert_eq!(found.keywords, ["Places|Japan|Kyoto", "temple"]);
        assert_eq!(
            found.caption.as_deref(),
            Some("Evening <at> Kinkaku-ji & garden")
        );
        assert!(
            text.contains("<rdf:li>Places/Japan/Kyoto</rdf:li>"),
            "{text}"
        );
    }

    #[test]
    fn a_merge_replaces_ours_and_keeps_the_rest() {
        let text = merge(Some(FOREIGN), &values()).unwrap();
        assert!(text.contains(r#"crs:Exposure2012="+0.35""#), "{text}");
        assert!(text.contains("<rdf:li>0, 0</rdf:li>"), "{text}");
        assert!(!text.contains("<rdf:li>old</rdf:li>"), "{text}");
        // Not ours to change while the library has no rating.
        assert!(text.contains(r#"xmp:Rating="3""#), "{text}");
        let found = reread(&text);
        assert_eq!(found.keywords, ["Places|Japan|Kyoto", "temple"]);
        assert_eq!(found.rating, Some(3));
        // Merging again changes nothing.
        assert_eq!(merge(Some(&text), &values()).unwrap(), text);
        let rated = SidecarValues {
            rating: Some(5),
            ..values()
        };
        let text = merge(Some(&text), &rated).unwrap();
        assert_eq!(reread(&text).rating, Some(5));
        assert_eq!(text.matches("xmp:Rating").count(), 1, "{text}");
    }

    #[test]
    fn an_empty_description_and_no_tags_remove_them() {
        let cleared = SidecarValues::default();
        let text = merge(Some(FOREIGN), &cleared).unwrap();
        assert!(!text.contains("dc:subject"), "{text}");
        assert!(text.contains("crs:ToneCurvePV2012"), "{text}");
    }

    #[test]
    fn a_self_closed_description_opens_for_our_properties() {
        let text = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Make="Canon"/></rdf:RDF></x:xmpmeta>"#;
        let merged = merge(Some(text), &values()).unwrap();
        assert!(merged.contains(r#"tiff:Make="Canon""#), "{merged}");
        assert_eq!(reread(&merged).keywords, ["Places|Japan|Kyoto", "temple"]);
    }

    #[test]
    fn what_cannot_be_parsed_is_refused_not_overwritten() {
        for broken in ["<x:xmpmeta><rdf:RDF>", "not xml at all", "<a><b></a>"] {
            assert!(
                matches!(
                    merge(Some(broken), &values()),
                    Err(SidecarError::Unreadable(_))
                ),
                "{broken}"
            );
        }
    }

    #[test]
    fn a_folder_s_sidecars_go_to_their_files_the_exact_name_first() {
        let names = ["a.jpg", "a.xmp", "a.jpg.xmp", "b.png", "c.xmp"];
        let (sidecar_of, given) = pair_in_folder(&names);
        assert_eq!(sidecar_of, [Some(2), None, None, None, None]);
        assert_eq!(given, [false, true, true, false, false]);
    }

    #[test]
    fn sidecars_find_their_files() {
        let siblings = [
            "IMG_1.CR2",
            "IMG_1.JPG",
            "IMG_1.xmp",
            "b.jpg",
            "b.jpg.xmp",
            "c.xmp",
        ];
        assert_eq!(
            owner_among(Path::new("/p/IMG_1.xmp"), &siblings),
            Some("IMG_1.CR2")
        );
        assert_eq!(
            owner_among(Path::new("/p/b.jpg.xmp"), &siblings),
            Some("b.jpg")
        );
        assert_eq!(owner_among(Path::new("/p/c.xmp"), &siblings), None);
        assert_eq!(
            beside(Path::new("/p/b.jpg")),
            Some(PathBuf::from("/p/b.jpg.xmp"))
        );
    }
}
