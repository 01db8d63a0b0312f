//! `mahres://localhost/<kind>/<id>`: the only way the page gets at files.
//! It takes a resource id and which file of it (`thumb`, `preview`,
//! `original`); anything else, above all anything path-like, is refused.

use mahres_core::model::ResourceId;
use mahres_core::{Error, ResourceFile};
use percent_encoding::percent_decode_str;
use tauri::http::{Method, Request, Response, StatusCode, header};
use tauri::{AppHandle, Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

pub const SCHEME: &str = "mahres";

/// Originals larger than this are opened with the default app instead.
const MAX_ORIGINAL_BYTES: u64 = 256 * 1024 * 1024;

pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    tauri::async_runtime::spawn(async move {
        responder.respond(respond(&app, &request).await);
    });
}

/// Parses a request path (as sent, percent-encoded) into what it asks for.
/// Strict on purpose: exactly one kind and one decimal id.
pub fn parse(path: &str) -> Option<(ResourceFile, ResourceId)> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let rest = decoded.strip_prefix('/')?;
    let (kind, id) = rest.split_once('/')?;
    let which = match kind {
        "thumb" => ResourceFile::Thumbnail,
        "preview" => ResourceFile::Preview,
        "original" => ResourceFile::Original,
        _ => return None,
    };
    if id.is_empty() || id.len() > 18 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((which, id.parse().ok()?))
}

pub async fn respond<R: Runtime>(
    app: &AppHandle<R>,
    request: &Request<Vec<u8>>,
) -> Response<Vec<u8>> {
    if request.method() != Method::GET {
        return text(StatusCode::METHOD_NOT_ALLOWED, "only GET is served");
    }
    let Some((which, id)) = parse(request.uri().path()) else {
        tracing::warn!(uri = %request.uri(), "refused a request that does not name a resource");
        return text(
            StatusCode::BAD_REQUEST,
            "mahres:// serves files by resource id only: /thumb/<id>, /preview/<id>, /original/<id>",
        );
    };
    let state = app.state::<AppState>();
    let library = match state.library() {
        Ok(library) => library,
        Err(err) => return text(StatusCode::SERVICE_UNAVAILABLE, &err.message),
    };
    let file = match library.resource_file(id, which).await {
        Ok(Some(file)) => file,
        Ok(None) => return text(StatusCode::NOT_FOUND, "that file is not made yet"),
        Err(Error::NotFound { .. }) => return text(StatusCode::NOT_FOUND, "no such resource"),
        Err(err) => return text(StatusCode::INTERNAL_SERVER_ERROR, &err.to_string()),
    };
    if which == ResourceFile::Original {
        match tokio::fs::metadata(&file.path).await {
            Ok(meta) if meta.len() > MAX_ORIGINAL_BYTES => {
                return text(StatusCode::PAYLOAD_TOO_LARGE, "open this file with its app");
            }
            _ => {}
        }
    }
    let bytes = match tokio::fs::read(&file.path).await {
        Ok(bytes) => bytes,
        Err(err) => {
            return text(
                StatusCode::NOT_FOUND,
                &format!("the file could not be read: {err}"),
            );
        }
    };
    // A thumbnail's URL carries the content revision, so it never changes
    // under the same URL; a preview may still be replaced by a finer one.
    let cache = if which == ResourceFile::Thumbnail {
        "private, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, file.content_type)
        .header(header::CACHE_CONTROL, cache)
        .header("X-Content-Type-Options", "nosniff")
        .body(bytes)
        .unwrap_or_else(|_| {
            text(
                StatusCode::INTERNAL_SERVER_ERROR,
                "could not build a response",
            )
        })
}

fn text(status: StatusCode, message: &str) -> Response<Vec<u8>> {
    let mut response = Response::new(message.as_bytes().to_vec());
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_kinds_are_accepted() {
        assert_eq!(parse("/thumb/12"), Some((ResourceFile::Thumbnail, 12)));
        assert_eq!(parse("/thumb%2F12"), Some((ResourceFile::Thumbnail, 12)));
        assert_eq!(parse("/preview/3"), Some((ResourceFile::Preview, 3)));
        assert_eq!(parse("/original/99"), Some((ResourceFile::Original, 99)));
    }

    #[test]
    fn anything_path_like_is_refused() {
        for path in [
            "/etc/passwd",
            "/thumb/../../etc/passwd",
            "/thumb%2F..%2F..%2Fetc%2Fpasswd",
            "/thumb/12/../13",
            "/thumb/-1",
            "/thumb/12.jpg",
            "/thumb/",
            "/thumb",
            "//thumb/1",
            "/original/%2Fetc%2Fpasswd",
            "/original/1%00",
            "/thumb/99999999999999999999999",
            "thumb/1",
        ] {
            assert_eq!(parse(path), None, "{path} must be refused");
        }
    }
}
