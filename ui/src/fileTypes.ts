// What a content type is, as the engine records it from the file's bytes
// (not its name): the short label a tile shows, and the families the details
// pane lays out differently. Pure.

/** Labels for the types the engine's sniffer reports, where the subtype
 * does not read well by itself ("x-flac", "vnd.microsoft.icon"). */
const LABELS: Record<string, string> = {
  "image/jpeg": "JPEG",
  "image/heif": "HEIC",
  "image/heic": "HEIC",
  "image/heif-sequence": "HEIC",
  "image/heic-sequence": "HEIC",
  "image/svg+xml": "SVG",
  "image/vnd.microsoft.icon": "ICO",
  "image/x-icon": "ICO",
  "image/vnd.adobe.photoshop": "PSD",
  "image/vnd.ms-photo": "JXR",
  "video/quicktime": "MOV",
  "video/x-matroska": "MKV",
  "video/x-msvideo": "AVI",
  "video/x-ms-wmv": "WMV",
  "video/x-flv": "FLV",
  "audio/mpeg": "MP3",
  "audio/mp4": "M4A",
  "audio/x-m4a": "M4A",
  "audio/x-wav": "WAV",
  "audio/wav": "WAV",
  "audio/x-flac": "FLAC",
  "audio/x-aiff": "AIFF",
  "audio/x-ape": "APE",
  "audio/x-dsf": "DSF",
  "text/plain": "TXT",
  "text/markdown": "MD",
  "text/x-markdown": "MD",
  "application/pdf": "PDF",
  "application/x-empty": "Empty",
  "application/octet-stream": "File",
  "application/epub+zip": "EPUB",
  "application/gzip": "GZ",
  "application/x-bzip2": "BZ2",
  "application/x-xz": "XZ",
  "application/x-7z-compressed": "7Z",
  "application/vnd.rar": "RAR",
  "application/x-rar-compressed": "RAR",
  "application/msword": "DOC",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "application/vnd.ms-excel": "XLS",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
  "application/vnd.ms-powerpoint": "PPT",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
  "application/vnd.oasis.opendocument.text": "ODT",
  "application/vnd.oasis.opendocument.spreadsheet": "ODS",
  "application/vnd.oasis.opendocument.presentation": "ODP",
};

/** What a family is called when its subtype says nothing readable. */
const FAMILY_WORDS: Record<string, string> = { image: "Image", video: "Video", audio: "Sound", text: "Text" };

/** Names a plain-text file may carry that only refine what the bytes say:
 * Markdown and CSV files recorded before the engine read names are
 * text/plain, and a "server.log" is text all the same. */
const TEXT_EXTENSIONS = new Set(["txt", "md", "markdown", "csv", "tsv", "log", "json", "xml", "yaml", "yml", "ini", "conf", "srt", "vtt"]);

/** Camera raw formats: `image/x-<maker>-<format>` ("image/x-nikon-nef"). */
const RAW = /^image\/x-[a-z]+-([a-z0-9]{2,4})$/;

export function isRaw(contentType: string): boolean {
  return RAW.test(contentType);
}

export function isText(contentType: string): boolean {
  return contentType.startsWith("text/");
}

export function isSound(contentType: string): boolean {
  return contentType.startsWith("audio/");
}

/** Files whose words the engine reads: text files and PDFs. */
export function isDocument(contentType: string): boolean {
  return isText(contentType) || contentType === "application/pdf";
}

/** Text best read in a fixed-width font, where columns and indents matter:
 * plain text, tables, code; not Markdown or a PDF's prose. */
export function isMonospaceText(contentType: string): boolean {
  return isText(contentType) && contentType !== "text/markdown" && contentType !== "text/x-markdown";
}

/** Types the webview shows as they are; others (HEIC, raw, PDF) only
 * through the thumbnails the engine makes of them. */
export function isWebImage(contentType: string): boolean {
  return ["image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp", "image/svg+xml", "image/x-icon", "image/vnd.microsoft.icon"].includes(contentType);
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

/** A short label for a file's type, from what its bytes are: "JPEG",
 * "HEIC", "NEF", "PDF", "TXT", "MP3", "Empty", "File". The name only
 * refines plain text ("notes.md" → "MD"), so a text file named .png still
 * reads "TXT"; only a type the engine did not record falls back to the name. */
export function typeLabel(contentType: string, name = ""): string {
  const type = contentType.split(";")[0].trim().toLowerCase();
  const extension = extensionOf(name);
  if (!type) return extension && extension.length <= 5 ? extension.toUpperCase() : "File";
  if (type === "text/plain" && TEXT_EXTENSIONS.has(extension)) return extension === "markdown" ? "MD" : extension.toUpperCase();
  const known = LABELS[type];
  if (known) return known;
  const raw = RAW.exec(type);
  if (raw) return raw[1].toUpperCase();
  const [family, sub = ""] = type.split("/");
  const word = sub.replace(/^(x-|vnd\.)/, "").split(/[.+]/)[0];
  if (/^[a-z0-9]{2,5}$/.test(word)) return word.toUpperCase();
  return FAMILY_WORDS[family] ?? "File";
}

/** The mark on a tile whose item carries its raw file too (a RAW+JPEG
 * pair shown as one): "+DNG", "+CR2". Companions are raw files; one whose
 * type names no format still reads "+RAW". */
export function companionMark(contentType: string): string {
  const type = contentType.split(";")[0].trim().toLowerCase();
  return `+${isRaw(type) ? typeLabel(type) : "RAW"}`;
}

/** A glyph the placeholder draws above its label, for the kinds that never
 * or seldom have a picture of their own. */
export type TypeGlyph = "document" | "sound";

export function typeGlyph(contentType: string): TypeGlyph | null {
  if (isDocument(contentType)) return "document";
  if (isSound(contentType)) return "sound";
  return null;
}

/** Image formats that can hold transparency (the engine's pictures of them
 * keep it): these show on a checkerboard, so a white logo on nothing stays
 * visible. Everything else (a JPEG, a raw file, a video's frame) is opaque
 * and shows on a plain background. */
const ALPHA_TYPES = new Set([
  "image/png",
  "image/apng",
  "image/webp",
  "image/gif",
  "image/svg+xml",
  "image/avif",
  "image/heic",
  "image/heif",
  "image/heic-sequence",
  "image/heif-sequence",
  "image/jxl",
  "image/tiff",
  "image/x-icon",
  "image/vnd.microsoft.icon",
  "image/vnd.adobe.photoshop",
]);

/** Whether a stored picture (a resource's `thumbnail` or `preview`) keeps
 * transparency: the engine writes those as PNG, every other as JPEG. */
export function isSeeThrough(stored: string | null): boolean {
  return stored?.toLowerCase().endsWith(".png") ?? false;
}

export function mayHaveAlpha(contentType: string): boolean {
  return ALPHA_TYPES.has(contentType.split(";")[0].trim().toLowerCase());
}
