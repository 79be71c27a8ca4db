use crate::functions::test_support::{call, s};
use crate::value::Value;

fn title(text: &str) -> Value {
    call("title_case", vec![s(text)]).unwrap()
}

#[test]
fn particles_stay_lower_case_inside_a_name() {
    assert_eq!(title("JAN VAN DER BERG"), s("Jan van der Berg"));
    assert_eq!(title("pieter de vries"), s("Pieter de Vries"));
    assert_eq!(title("ursula von der leyen"), s("Ursula von der Leyen"));
    assert_eq!(
        title("karl theodor zu guttenberg"),
        s("Karl Theodor zu Guttenberg")
    );
    assert_eq!(title("charles de la fontaine"), s("Charles de la Fontaine"));
    assert_eq!(title("joost van den vondel"), s("Joost van den Vondel"));
    assert_eq!(title("jan ter horst"), s("Jan ter Horst"));
}

#[test]
fn the_first_word_is_always_capitalised() {
    assert_eq!(title("VAN DER BERG"), s("Van der Berg"));
    assert_eq!(title("de vries"), s("De Vries"));
    assert_eq!(title("'t hart"), s("'t Hart"));
}

#[test]
fn double_names_and_apostrophes() {
    assert_eq!(title("anne-marie"), s("Anne-Marie"));
    assert_eq!(title("o'brien"), s("O'Brien"));
    assert_eq!(title("O’NEILL"), s("O’Neill"));
    assert_eq!(title("jeanne d'arc"), s("Jeanne d'Arc"));
    assert_eq!(title("d'artagnan"), s("D'Artagnan"));
    assert_eq!(title("jan's"), s("Jan's"));
    assert_eq!(title("van der berg-de vries"), s("Van der Berg-de Vries"));
    assert_eq!(title("smith-le"), s("Smith-Le"));
}

#[test]
fn letters_of_every_alphabet_and_dutch_ij() {
    assert_eq!(title("ĲSBRAND"), s("Ĳsbrand"));
    assert_eq!(title("IJSBRAND VAN 'T HEK"), s("IJsbrand van 't Hek"));
    assert_eq!(title("ÉMILE ZOLA"), s("Émile Zola"));
    assert_eq!(title("ørsted"), s("Ørsted"));
}

#[test]
fn white_space_is_kept() {
    assert_eq!(title("  jan  van\tdijk "), s("  Jan  van\tDijk "));
    assert_eq!(title(""), s(""));
    assert_eq!(call("title_case", vec![Value::Null]), Ok(Value::Null));
}

fn family(convention: Option<&str>, partner_last: Option<&str>) -> Value {
    let text = |value: Option<&str>| value.map_or(Value::Null, s);
    let args = vec![
        text(convention),
        s("van der"),
        s("Berg"),
        s("de"),
        text(partner_last),
    ];
    call("family_name", args).unwrap()
}

#[test]
fn family_name_follows_the_convention() {
    assert_eq!(family(Some("B"), Some("Vries")), s("van der Berg"));
    assert_eq!(family(Some("P"), Some("Vries")), s("de Vries"));
    assert_eq!(
        family(Some("BP"), Some("Vries")),
        s("van der Berg-de Vries")
    );
    assert_eq!(
        family(Some("PB"), Some("Vries")),
        s("de Vries-van der Berg")
    );
    assert_eq!(
        family(Some(" pb "), Some("Vries")),
        s("de Vries-van der Berg")
    );
}

#[test]
fn family_name_falls_back_to_the_own_name() {
    for convention in ["P", "BP", "PB"] {
        assert_eq!(family(Some(convention), None), s("van der Berg"));
        assert_eq!(family(Some(convention), Some("  ")), s("van der Berg"));
    }
    assert_eq!(family(Some("X"), Some("Vries")), s("van der Berg"));
    assert_eq!(family(None, Some("Vries")), s("van der Berg"));
}

#[test]
fn family_name_leaves_out_missing_prefixes() {
    let args = vec![s("BP"), Value::Null, s("Jansen"), s(""), s("Bakker")];
    assert_eq!(call("family_name", args), Ok(s("Jansen-Bakker")));
    let args = vec![s("B"), s(" "), s("Jansen"), Value::Null, Value::Null];
    assert_eq!(call("family_name", args), Ok(s("Jansen")));
    let args = vec![s("B"), s("van"), Value::Null, Value::Null, Value::Null];
    assert_eq!(call("family_name", args), Ok(Value::Null));
    let args = vec![s("B"), Value::Int(1), s("Jansen"), Value::Null, Value::Null];
    assert!(call("family_name", args).is_err());
}
