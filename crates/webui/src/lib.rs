//! The browser UI compiled into the `chainchief` binary.
//!
//! `npm run build` in web/ writes `web/dist`; this crate's build script embeds every file there
//! (see build.rs), so the binary serves the UI without files beside it and without network
//! access at build time. A binary built before the UI was built has no assets: [`built`] says so
//! and [`NOT_BUILT_PAGE`] tells the reader how to build it.
//!
//! Architecture invariant: no I/O at run time and no HTTP types — the server decides how to
//! answer; this crate only knows the files, their types and how they may be cached.

/// One embedded file of web/dist.
#[derive(Debug)]
pub struct Asset {
    /// URL path, e.g. `/assets/index-BloiDEE0.js`.
    pub path: &'static str,
    pub body: &'static [u8],
    /// The same content gzip-compressed, when the build wrote a `.gz` copy.
    pub gzip: Option<&'static [u8]>,
    pub content_type: &'static str,
    /// A strong validator of the content (quoted, as the `ETag` header wants it).
    pub etag: &'static str,
    /// Vite puts a content hash in the names under /assets/: such a file never changes, so it
    /// may be cached for a year. Everything else (index.html above all) is revalidated.
    pub immutable: bool,
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The page every path shows when the UI was not built: what happened and how to fix it, in
/// both languages, with no script (the CSP allows none inline) and links to what still works.
pub const NOT_BUILT_PAGE: &str = include_str!("not_built.html");

/// True when the binary carries a built UI.
pub fn built() -> bool {
    index().is_some()
}

/// The file at a URL path.
pub fn asset(path: &str) -> Option<&'static Asset> {
    ASSETS
        .binary_search_by(|asset| asset.path.cmp(path))
        .ok()
        .and_then(|i| ASSETS.get(i))
}

/// index.html: the answer to every client-side route.
pub fn index() -> Option<&'static Asset> {
    asset("/index.html")
}

/// The `Cache-Control` value for an asset.
pub fn cache_control(asset: &Asset) -> &'static str {
    if asset.immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// True when an `Accept-Encoding` value accepts gzip (a `q=0` refuses it).
pub fn accepts_gzip(accept_encoding: &str) -> bool {
    accept_encoding.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

/// True for paths that name a file (their last segment has an extension) rather than a page of
/// the application: a missing file is a 404, not index.html, so that a stale page asking for a
/// chunk that no longer exists gets an error instead of HTML.
pub fn looks_like_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_are_sorted_and_findable() {
        assert!(ASSETS.windows(2).all(|w| w[0].path < w[1].path));
        for asset in ASSETS {
            assert_eq!(super::asset(asset.path).map(|a| a.path), Some(asset.path));
            assert!(asset.etag.starts_with('"') && asset.etag.ends_with('"'));
        }
        assert!(super::asset("/no-such-file.js").is_none());
        assert_eq!(built(), ASSETS.iter().any(|a| a.path == "/index.html"));
    }

    #[test]
    fn hashed_assets_are_immutable_and_the_index_is_not() {
        if let Some(index) = index() {
            assert!(!index.immutable);
            assert_eq!(cache_control(index), "no-cache");
            assert!(index.content_type.starts_with("text/html"));
        }
        for asset in ASSETS.iter().filter(|a| a.path.starts_with("/assets/")) {
            assert!(asset.immutable, "{}", asset.path);
            assert!(cache_control(asset).contains("immutable"));
        }
    }

    #[test]
    fn gzip_negotiation() {
        assert!(accepts_gzip("gzip, deflate, br"));
        assert!(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip("gzip;q=0, br"));
        assert!(!accepts_gzip("br, deflate"));
        assert!(!accepts_gzip(""));
    }

    #[test]
    fn files_and_pages() {
        assert!(looks_like_file("/assets/index-abc.js"));
        assert!(looks_like_file("/favicon.svg"));
        assert!(!looks_like_file("/chains/SX-01"));
        assert!(!looks_like_file("/"));
        assert!(!looks_like_file("/enterprises/91140100MA0XXXXXXX"));
    }

    #[test]
    fn the_not_built_page_explains_in_both_languages_without_scripts() {
        assert!(NOT_BUILT_PAGE.contains("npm ci"));
        assert!(NOT_BUILT_PAGE.contains("尚未构建"));
        assert!(NOT_BUILT_PAGE.contains("was not built"));
        assert!(!NOT_BUILT_PAGE.contains("<script"));
    }
}
