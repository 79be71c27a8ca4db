//! Types in plain words for messages: "text", "a whole number", "a list of text".

use crate::schema::{Shape, Type};

/// Describes a type the way an integration engineer would say it.
pub fn describe(ty: &Type) -> String {
    let base = describe_shape(&ty.shape);
    if ty.nullable && !matches!(ty.shape, Shape::Null | Shape::Any | Shape::Error) {
        format!("{base} that may be null")
    } else {
        base
    }
}

fn describe_shape(shape: &Shape) -> String {
    match shape {
        Shape::Any => "a value of any type".into(),
        Shape::Null => "null".into(),
        Shape::String => "text".into(),
        Shape::Int => "a whole number".into(),
        Shape::Float => "a number".into(),
        Shape::Bool => "true/false".into(),
        Shape::Date => "a date".into(),
        Shape::DateTime => "a date and time".into(),
        Shape::Enum(values) => {
            let quoted: Vec<String> = values.iter().map(|value| format!("{value:?}")).collect();
            format!("one of {}", quoted.join(", "))
        }
        Shape::List(element) => format!("a list of {}", plural(&element.shape)),
        Shape::Object(_) => "an object".into(),
        Shape::Regex => "a regular expression".into(),
        Shape::Error => "a value of unknown type".into(),
    }
}

fn plural(shape: &Shape) -> String {
    match shape {
        Shape::String | Shape::Enum(_) => "text".into(),
        Shape::Int => "whole numbers".into(),
        Shape::Float => "numbers".into(),
        Shape::Bool => "true/false values".into(),
        Shape::Date => "dates".into(),
        Shape::DateTime => "dates and times".into(),
        Shape::Object(_) => "objects".into(),
        Shape::List(_) => "lists".into(),
        _ => "values".into(),
    }
}

/// Lists allowed values for help texts: `"work", "home" or "other"`.
pub fn list_values(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|value| format!("{value:?}")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_in_plain_words() {
        assert_eq!(describe(&Type::STRING.or_null()), "text that may be null");
        assert_eq!(describe(&Type::list(Type::STRING)), "a list of text");
        assert_eq!(
            list_values(&["work".into(), "home".into(), "other".into()]),
            "\"work\", \"home\" or \"other\""
        );
    }
}
