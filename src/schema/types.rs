//! The one type model that source schemas (JSON Schema or inline) load into, and that
//! the checker computes for expressions.

use std::fmt;
use std::sync::Arc;

/// A type with its nullability. `nullable` means "may be `null` or absent".
#[derive(Clone, Debug, PartialEq)]
pub struct Type {
    pub shape: Shape,
    pub nullable: bool,
}

/// What a non-null value of a type looks like.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Anything; the checker accepts it everywhere and checks at run time.
    Any,
    /// The type of the literal `null` (always `nullable`).
    Null,
    String,
    Int,
    Float,
    Bool,
    Date,
    DateTime,
    /// A string that is one of these values.
    Enum(Arc<[String]>),
    List(Box<Type>),
    Object(Arc<ObjectType>),
    /// A regular expression literal (only as a function argument).
    Regex,
    /// The type of an expression that already failed to check; accepted everywhere so
    /// that one mistake gives one diagnostic.
    Error,
}

/// The fields of an object, in declaration order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ObjectType {
    pub fields: Vec<FieldType>,
}

/// One field of an object type.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldType {
    pub name: String,
    /// Nullability here covers both "may be null" and "may be absent".
    pub ty: Type,
}

impl ObjectType {
    pub fn field(&self, name: &str) -> Option<&FieldType> {
        self.fields.iter().find(|field| field.name == name)
    }
}

impl Type {
    pub const fn new(shape: Shape) -> Type {
        Type {
            shape,
            nullable: false,
        }
    }
    pub const ANY: Type = Type {
        shape: Shape::Any,
        nullable: true,
    };
    pub const NULL: Type = Type {
        shape: Shape::Null,
        nullable: true,
    };
    pub const ERROR: Type = Type::new(Shape::Error);
    pub const STRING: Type = Type::new(Shape::String);
    pub const INT: Type = Type::new(Shape::Int);
    pub const FLOAT: Type = Type::new(Shape::Float);
    pub const BOOL: Type = Type::new(Shape::Bool);
    pub const DATE: Type = Type::new(Shape::Date);
    pub const DATETIME: Type = Type::new(Shape::DateTime);
    pub const REGEX: Type = Type::new(Shape::Regex);

    pub fn list(element: Type) -> Type {
        Type::new(Shape::List(Box::new(element)))
    }

    pub fn object(fields: Vec<FieldType>) -> Type {
        Type::new(Shape::Object(Arc::new(ObjectType { fields })))
    }

    pub fn enumeration(values: Vec<String>) -> Type {
        Type::new(Shape::Enum(values.into()))
    }

    /// The same type, possibly null.
    pub fn or_null(mut self) -> Type {
        self.nullable = true;
        self
    }

    /// The same type, known not to be null.
    pub fn non_null(mut self) -> Type {
        self.nullable = matches!(self.shape, Shape::Null | Shape::Any);
        self
    }

    /// `string` and string enums are both text.
    pub fn is_text(&self) -> bool {
        matches!(self.shape, Shape::String | Shape::Enum(_))
    }

    pub fn is_number(&self) -> bool {
        matches!(self.shape, Shape::Int | Shape::Float)
    }

    /// Any and Error accept everything, so the checker defers to run time.
    pub fn is_unknown(&self) -> bool {
        matches!(self.shape, Shape::Any | Shape::Error)
    }
}

impl fmt::Display for Type {
    /// Writes the type in the inline-source syntax: `string?`, `[int]`, `"a" | "b"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.shape {
            Shape::Any => return f.write_str("any"),
            Shape::Null => return f.write_str("null"),
            Shape::String => f.write_str("string")?,
            Shape::Int => f.write_str("int")?,
            Shape::Float => f.write_str("float")?,
            Shape::Bool => f.write_str("bool")?,
            Shape::Date => f.write_str("date")?,
            Shape::DateTime => f.write_str("datetime")?,
            Shape::Regex => f.write_str("regex")?,
            Shape::Error => return f.write_str("unknown"),
            Shape::Enum(values) => {
                let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
                if self.nullable {
                    return write!(f, "({})?", quoted.join(" | "));
                }
                return f.write_str(&quoted.join(" | "));
            }
            Shape::List(element) => write!(f, "[{element}]")?,
            Shape::Object(object) => {
                let fields: Vec<String> = object
                    .fields
                    .iter()
                    .map(|field| format!("{}: {}", field.name, field.ty))
                    .collect();
                write!(f, "{{ {} }}", fields.join(", "))?
            }
        }
        if self.nullable {
            f.write_str("?")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_print_in_inline_source_syntax() {
        assert_eq!(Type::STRING.or_null().to_string(), "string?");
        assert_eq!(Type::list(Type::INT).to_string(), "[int]");
        let status = Type::enumeration(vec!["active".into(), "leave".into()]);
        assert_eq!(status.to_string(), "\"active\" | \"leave\"");
        let department = Type::object(vec![FieldType {
            name: "code".into(),
            ty: Type::STRING,
        }]);
        assert_eq!(department.to_string(), "{ code: string }");
    }
}
