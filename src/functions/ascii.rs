//! `ascii`: removing diacritics and transliterating letters, with language conventions.

use super::args::{optional, text};
use super::signature::{Base, ParamType as P, Returns};
use super::{Context, Example, Function, NullArgs, Param, Purity};
use crate::value::Value;

pub const ASCII: Function = Function {
    name: "ascii",
    group: "text",
    params: &[
        Param::required("s", P::Text),
        Param::optional("locale", P::Text),
    ],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Only(&[0]),
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The text in plain ASCII, for account names and e-mail addresses: diacritics are \
          removed (`é` → `e`, also when written as a combining mark) and letters are \
          transliterated (`ß` → `ss`, `Ĳ` → `IJ`, `Ø` → `O`, `Æ` → `AE`, `Œ` → `OE`, `Ł` → `L`, \
          `Đ` → `D`, `Þ` → `TH`); typographic quotes and dashes become `'`, `\"` and `-`. \
          Characters with no ASCII form (other scripts, symbols) are left out. A `locale` \
          follows that language's convention: `de` writes `ä ö ü` as `ae oe ue`; `da`, `no`, \
          `nb` and `nn` write `æ ø å` as `ae oe aa`. `sv`, `fi`, `nl`, `en`, `fr` and the other \
          languages use the plain removal (Swedish addresses write `å ä ö` as `a a o`). A \
          region after the language is ignored (`de-AT`); an unknown language rejects the \
          record.",
    null_doc: "`null` text gives `null`; a `null` locale means no locale.",
    examples: &[
        Example {
            call: r#"ascii("Zoë Ĳsbrand Øster Straße")"#,
            result: r#""Zoe IJsbrand Oster Strasse""#,
        },
        Example {
            call: r#"ascii("Müller", "de")"#,
            result: r#""Mueller""#,
        },
        Example {
            call: r#"ascii("Søren Ærø", "da")"#,
            result: r#""Soeren Aeroe""#,
        },
    ],
    run: ascii,
};

/// A language whose transliteration differs from plain removal of diacritics.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Convention {
    Plain,
    German,
    Nordic,
}

/// Languages that use plain removal; listed so that a typo in a locale is caught.
const PLAIN_LANGUAGES: &[&str] = &[
    "en", "nl", "fr", "es", "it", "pt", "sv", "fi", "pl", "cs", "sk", "hu", "ro", "hr", "sl", "tr",
    "is", "et", "lv", "lt", "ca",
];

fn ascii(args: &[Value], _: &mut Context<'_>) -> Result<Value, String> {
    let s = text("ascii", args, 0)?;
    let convention = match optional(args, 1) {
        Some(_) => convention(text("ascii", args, 1)?)?,
        None => Convention::Plain,
    };
    Ok(Value::string(transliterate(s, convention)))
}

fn convention(locale: &str) -> Result<Convention, String> {
    let language = locale
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    match language.as_str() {
        "de" => Ok(Convention::German),
        "da" | "no" | "nb" | "nn" => Ok(Convention::Nordic),
        known if PLAIN_LANGUAGES.contains(&known) => Ok(Convention::Plain),
        _ => Err(format!("ascii: {locale:?} is not a known language")),
    }
}

fn transliterate(s: &str, convention: Convention) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        // In an upper-case word `Ü` becomes `UE`, else `Ue`.
        let shout = c.is_uppercase() && chars.peek().is_some_and(|next| next.is_uppercase());
        let written = local(c, convention).map(|(mixed, upper)| if shout { upper } else { mixed });
        match written {
            Some(written) => out.push_str(written),
            None => push_plain(&mut out, c),
        }
    }
    out
}

/// A language's own spelling of a letter: (as in `Mueller`, as in `MUELLER`).
fn local(c: char, convention: Convention) -> Option<(&'static str, &'static str)> {
    let pair = match (convention, c) {
        (Convention::German, 'ä') | (Convention::Nordic, 'æ') => ("ae", "ae"),
        (Convention::German, 'Ä') | (Convention::Nordic, 'Æ') => ("Ae", "AE"),
        (Convention::German, 'ö') | (Convention::Nordic, 'ø') => ("oe", "oe"),
        (Convention::German, 'Ö') | (Convention::Nordic, 'Ø') => ("Oe", "OE"),
        (Convention::German, 'ü') => ("ue", "ue"),
        (Convention::German, 'Ü') => ("Ue", "UE"),
        (Convention::Nordic, 'å') => ("aa", "aa"),
        (Convention::Nordic, 'Å') => ("Aa", "AA"),
        _ => return None,
    };
    Some(pair)
}

/// Base letters of U+00C0..=U+00FF; `?` marks a character with a longer or no form.
const LATIN_1: &str = "AAAAAA?CEEEEIIIIDNOOOOO?OUUUUY??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y";

/// Base letters of U+0100..=U+017F (Latin Extended-A); `?` as above.
const LATIN_EXTENDED_A: &str = concat!(
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi??JjKkk",
    "LlLlLlLlLlNnNnNn?NnOoOoOo??RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs",
);

/// Writes the plain ASCII form of a non-ASCII character, if it has one.
fn push_plain(out: &mut String, c: char) {
    if let Some(longer) = longer_form(c) {
        out.push_str(longer);
        return;
    }
    let code = c as u32;
    let base = match code {
        0xC0..=0xFF => LATIN_1.as_bytes().get((code - 0xC0) as usize),
        0x100..=0x17F => LATIN_EXTENDED_A.as_bytes().get((code - 0x100) as usize),
        _ => None,
    };
    if let Some(&base) = base.filter(|&&base| base != b'?') {
        out.push(char::from(base));
    }
    // Anything else (combining marks U+0300..U+036F among them) is left out.
}

/// Characters whose ASCII form is not one base letter, or that lie outside the tables.
fn longer_form(c: char) -> Option<&'static str> {
    let form = match c {
        'Æ' => "AE",
        'æ' => "ae",
        'Œ' => "OE",
        'œ' => "oe",
        'ß' => "ss",
        'ẞ' => "SS",
        'Þ' => "TH",
        'þ' => "th",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'ŉ' => "'n",
        '×' => "x",
        '÷' => "/",
        'Ș' | 'Ş' => "S",
        'ș' | 'ş' => "s",
        'Ț' | 'Ţ' => "T",
        'ț' | 'ţ' => "t",
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' | '\u{00B4}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => "\"",
        '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' => " ",
        _ => return None,
    };
    Some(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_cover_their_blocks() {
        assert_eq!(LATIN_1.len(), 0x40);
        assert_eq!(LATIN_EXTENDED_A.len(), 0x80);
    }

    #[test]
    fn every_letter_of_the_blocks_has_an_ascii_form() {
        for code in (0xC0..=0x17F).filter(|&code| code != 0xD7 && code != 0xF7) {
            let c = char::from_u32(code).unwrap();
            let plain = transliterate(&c.to_string(), Convention::Plain);
            assert!(!plain.is_empty() && plain.is_ascii(), "{c} gave {plain:?}");
        }
    }

    #[test]
    fn letters_keep_their_base_and_case() {
        let plain = |s: &str| transliterate(s, Convention::Plain);
        assert_eq!(
            plain("Zoë Ĳsbrand Øster Straße"),
            "Zoe IJsbrand Oster Strasse"
        );
        assert_eq!(plain("Ångström Łódź Đorđe"), "Angstrom Lodz Dorde");
        assert_eq!(plain("Þórður Æsa Œuvre ĳs"), "THordur AEsa OEuvre ijs");
        assert_eq!(
            plain("Čapek Škoda Žižek Ğ İ ı ſ"),
            "Capek Skoda Zizek G I i s"
        );
        assert_eq!(plain("Ștefan Țiriac"), "Stefan Tiriac");
        assert_eq!(plain("François Ñandú"), "Francois Nandu");
    }

    #[test]
    fn combining_marks_and_other_scripts_are_left_out() {
        let plain = |s: &str| transliterate(s, Convention::Plain);
        assert_eq!(plain("Zoe\u{0308} Jose\u{0301}"), "Zoe Jose");
        assert_eq!(plain("Иван 王 ok"), "  ok");
        assert_eq!(plain("O’Brien – “Jr”"), "O'Brien - \"Jr\"");
        assert_eq!(plain(""), "");
    }

    #[test]
    fn locales_follow_their_conventions() {
        let german = |s: &str| transliterate(s, Convention::German);
        assert_eq!(german("Müller Größe Ärger"), "Mueller Groesse Aerger");
        assert_eq!(german("MÜLLER Ü"), "MUELLER Ue");
        assert_eq!(german("Zoë Øster"), "Zoe Oster");
        let nordic = |s: &str| transliterate(s, Convention::Nordic);
        assert_eq!(nordic("Søren Ærø Ålborg"), "Soeren Aeroe Aalborg");
        assert_eq!(nordic("ØSTER"), "OESTER");
        assert_eq!(nordic("Müller"), "Muller");
    }

    #[test]
    fn locale_names_are_read_leniently_and_checked() {
        assert!(convention("de-AT") == Ok(Convention::German));
        assert!(convention("NB_no") == Ok(Convention::Nordic));
        assert!(convention("sv") == Ok(Convention::Plain));
        assert_eq!(
            convention("dk").err(),
            Some("ascii: \"dk\" is not a known language".to_string())
        );
    }
}
