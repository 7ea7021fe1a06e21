//! The language of an answer's messages, chosen as the CRM chooses it: `?lang=pt|en` first,
//! then `Accept-Language` (highest `q` among the languages we speak), else Portuguese.

use actix_web::HttpRequest;
use actix_web::http::header::ACCEPT_LANGUAGE;

/// A language the service writes its messages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Portuguese, the CRM's default.
    #[default]
    Pt,
    /// English, when asked for.
    En,
}

impl Lang {
    /// The language `req` asks for.
    pub fn of(req: &HttpRequest) -> Lang {
        let query = url::form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(key, _)| key == "lang")
            .and_then(|(_, value)| Lang::parse_tag(&value));
        let header = || {
            req.headers()
                .get(ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(Lang::from_accept_language)
        };
        query.or_else(header).unwrap_or_default()
    }

    /// `pt`, `pt-BR`, `en`, `en-US`… (case-insensitive); `None` for any other language.
    pub fn parse_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "pt" => Some(Lang::Pt),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The supported language with the highest quality in an `Accept-Language` value; the
    /// earlier one wins a tie.
    pub fn from_accept_language(value: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for entry in value.split(',') {
            let mut parts = entry.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse_tag) else {
                continue;
            };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .unwrap_or(0.0);
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang)
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn accept_language_picks_the_supported_language_with_the_highest_quality() {
        let cases = [
            ("en-US,en;q=0.9,pt;q=0.8", Some(Lang::En)),
            ("pt-BR,pt;q=0.9,en;q=0.8", Some(Lang::Pt)),
            ("fr-FR,fr;q=0.9,en;q=0.5", Some(Lang::En)),
            ("pt;q=0.4, en;q=0.6", Some(Lang::En)),
            ("en;q=0, pt", Some(Lang::Pt)),
            ("de, fr", None),
            ("", None),
        ];
        for (header, expected) in cases {
            assert_eq!(Lang::from_accept_language(header), expected, "{header}");
        }
    }

    #[test]
    fn lang_tags_are_read_by_their_primary_subtag() {
        assert_eq!(Lang::parse_tag("EN_us"), Some(Lang::En));
        assert_eq!(Lang::parse_tag("pt-BR"), Some(Lang::Pt));
        assert_eq!(Lang::parse_tag("es"), None);
    }
}
