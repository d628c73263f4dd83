//! The minimal server-rendered page: the key chains with their counts.

use axum::extract::State;
use axum::response::Html;
use store::EnterpriseScope;

use crate::auth::MaybePrincipal;
use crate::{ApiError, AppState};

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Chain maps are public; enterprise counts appear only for a signed-in caller, within its scope.
pub async fn chains(
    State(state): State<AppState>,
    MaybePrincipal(principal): MaybePrincipal,
) -> Result<Html<String>, ApiError> {
    let scope = principal
        .as_ref()
        .map_or_else(EnterpriseScope::nothing, |p| p.scope().enterprises.clone());
    let chains = state.store.list_chain_summaries(&scope).await?;
    let count = |n: i64| {
        if principal.is_some() {
            n.to_string()
        } else {
            "—".to_owned()
        }
    };
    let rows: String = chains
        .iter()
        .map(|c| {
            format!(
                "<tr><td>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
                escape(&c.code),
                escape(&c.name),
                c.node_count,
                count(c.enterprise_count),
                count(c.chain_master_count),
                count(c.chain_core_count)
            )
        })
        .collect();
    let empty = if chains.is_empty() {
        "<p>尚无产业链数据。运行 <code>chainchief demo</code> 载入演示省份。 / No chains yet: run <code>chainchief demo</code>.</p>"
    } else {
        ""
    };
    Ok(Html(format!(
        r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>chainchief · 重点产业链</title>
<style>
body {{ font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem; color: #1f2937; }}
table {{ border-collapse: collapse; min-width: 40rem; }}
th, td {{ border-bottom: 1px solid #d1d5db; padding: .4rem .8rem; text-align: left; }}
th {{ background: #f3f4f6; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
</style>
</head>
<body>
<h1>重点产业链 <small>Key industrial chains</small></h1>
{empty}
<table>
<thead><tr><th>代码 Code</th><th>产业链 Chain</th><th>环节 Nodes</th><th>企业 Enterprises</th><th>链主 Chain-masters</th><th>链核 Chain cores</th></tr></thead>
<tbody>{rows}</tbody>
</table>
<p><a href="/api/chains">/api/chains</a> · <a href="/api/health">/api/health</a></p>
</body>
</html>"#
    )))
}

#[cfg(test)]
mod tests {
    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            super::escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
