//! Parameter and return types of functions, and checking a call against them.

use super::{Function, NullArgs, Param};
use crate::schema::{Shape, Type};

/// The type a parameter accepts. Arguments of an unknown type (`any`, or an expression
/// that already failed to check) and the literal `null` are accepted everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    /// A string or a string enum.
    Text,
    /// An int.
    Int,
    /// An int or a float.
    Number,
    /// A bool.
    Bool,
    /// A date.
    Date,
    /// A date or a datetime.
    DateLike,
    /// A regular expression literal.
    Regex,
    /// Text (taken literally) or a regular expression.
    TextOrRegex,
    /// Text or a list (`length`).
    TextOrList,
    /// Text or a number (`int`, `float`).
    TextOrNumber,
    /// Text, a number or a bool (`bool`).
    Scalar,
    /// Text, a date or a datetime (`date`, `datetime`).
    TextOrDateLike,
    /// Any list.
    List,
    /// A list of text.
    ListOfText,
    /// A list of texts, of numbers or of dates (`sort`).
    SortableList,
    /// Anything.
    Any,
}

/// A fixed result type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    Text,
    Int,
    Float,
    Bool,
    Date,
    DateTime,
    ListOfText,
}

/// How the result type follows from the arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returns {
    /// Always this type.
    Fixed(Base),
    /// The type of argument `i`.
    SameAs(usize),
    /// The element type of the list argument `i`, or `null` for an empty list.
    ElementOf(usize),
    /// The list argument `i` with one level of nested lists spliced in.
    Flattened(usize),
    /// An int when every argument is an int, else a float (`min`, `max`).
    WidestNumber,
    /// This type, `null` only when every argument is `null` (`unique`).
    Coalesced(Base),
}

/// Why a call does not fit a signature.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgumentError {
    /// Too few or too many arguments; `max` is `None` for a variadic function.
    Count {
        min: usize,
        max: Option<usize>,
        found: usize,
    },
    /// Argument `index` (from 0) has a type the parameter does not take; `expected` is in
    /// plain words ("text", "a whole number", "a date").
    Type {
        index: usize,
        expected: &'static str,
        found: Type,
    },
}

impl ParamType {
    /// What the parameter takes, in plain words for messages.
    pub fn expected(self) -> &'static str {
        match self {
            ParamType::Text => "text",
            ParamType::Int => "a whole number",
            ParamType::Number => "a number",
            ParamType::Bool => "true or false",
            ParamType::Date => "a date",
            ParamType::DateLike => "a date or a datetime",
            ParamType::Regex => "a regular expression",
            ParamType::TextOrRegex => "a regular expression or text",
            ParamType::TextOrList => "text or a list",
            ParamType::TextOrNumber => "text or a number",
            ParamType::Scalar => "text, a number or true/false",
            ParamType::TextOrDateLike => "text or a date",
            ParamType::List => "a list",
            ParamType::ListOfText => "a list of text",
            ParamType::SortableList => "a list of texts, numbers or dates",
            ParamType::Any => "any value",
        }
    }

    /// The short name used in signatures: `left(s: text, n: int) -> text`.
    pub fn short_name(self) -> &'static str {
        match self {
            ParamType::Text => "text",
            ParamType::Int => "int",
            ParamType::Number => "number",
            ParamType::Bool => "bool",
            ParamType::Date => "date",
            ParamType::DateLike => "date|datetime",
            ParamType::Regex => "regex",
            ParamType::TextOrRegex => "text|regex",
            ParamType::TextOrList => "text|list",
            ParamType::TextOrNumber => "text|number",
            ParamType::Scalar => "text|number|bool",
            ParamType::TextOrDateLike => "text|date|datetime",
            ParamType::List => "list",
            ParamType::ListOfText => "[text]",
            ParamType::SortableList => "list",
            ParamType::Any => "any",
        }
    }

    /// Whether an argument of type `ty` fits this parameter.
    pub fn accepts(self, ty: &Type) -> bool {
        if ty.is_unknown() || ty.shape == Shape::Null {
            return true;
        }
        match self {
            ParamType::Text => ty.is_text(),
            ParamType::Int => ty.shape == Shape::Int,
            ParamType::Number => ty.is_number(),
            ParamType::Bool => ty.shape == Shape::Bool,
            ParamType::Date => ty.shape == Shape::Date,
            ParamType::DateLike => is_date_like(ty),
            ParamType::Regex => ty.shape == Shape::Regex,
            ParamType::TextOrRegex => ty.is_text() || ty.shape == Shape::Regex,
            ParamType::TextOrList => ty.is_text() || matches!(ty.shape, Shape::List(_)),
            ParamType::TextOrNumber => ty.is_text() || ty.is_number(),
            ParamType::Scalar => ty.is_text() || ty.is_number() || ty.shape == Shape::Bool,
            ParamType::TextOrDateLike => ty.is_text() || is_date_like(ty),
            ParamType::List => matches!(ty.shape, Shape::List(_)),
            ParamType::ListOfText => list_element(ty).is_some_and(|element| {
                element.is_text() || element.is_unknown() || element.shape == Shape::Null
            }),
            ParamType::SortableList => list_element(ty).is_some_and(is_sortable),
            ParamType::Any => true,
        }
    }
}

fn is_date_like(ty: &Type) -> bool {
    matches!(ty.shape, Shape::Date | Shape::DateTime)
}

fn is_sortable(element: &Type) -> bool {
    element.is_text()
        || element.is_number()
        || is_date_like(element)
        || element.is_unknown()
        || element.shape == Shape::Null
}

fn list_element(ty: &Type) -> Option<&Type> {
    match &ty.shape {
        Shape::List(element) => Some(element),
        _ => None,
    }
}

impl Base {
    fn to_type(self) -> Type {
        match self {
            Base::Text => Type::STRING,
            Base::Int => Type::INT,
            Base::Float => Type::FLOAT,
            Base::Bool => Type::BOOL,
            Base::Date => Type::DATE,
            Base::DateTime => Type::DATETIME,
            Base::ListOfText => Type::list(Type::STRING),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Base::Text => "text",
            Base::Int => "int",
            Base::Float => "float",
            Base::Bool => "bool",
            Base::Date => "date",
            Base::DateTime => "datetime",
            Base::ListOfText => "[text]",
        }
    }
}

impl Function {
    /// The fewest arguments a call needs.
    pub fn min_args(&self) -> usize {
        self.params.iter().filter(|param| !param.optional).count()
    }

    /// The most arguments a call may have; `None` for a variadic function.
    pub fn max_args(&self) -> Option<usize> {
        match self.params.last() {
            Some(param) if param.variadic => None,
            _ => Some(self.params.len()),
        }
    }

    /// The parameter that argument `index` binds to (the last one for variadic extras).
    pub fn param_for(&self, index: usize) -> Option<&'static Param> {
        match self.params.get(index) {
            Some(param) => Some(param),
            None => self.params.last().filter(|param| param.variadic),
        }
    }

    /// Checks a call with arguments of these types and gives the type of its result.
    pub fn check_call(&self, args: &[Type]) -> Result<Type, ArgumentError> {
        let (min, max) = (self.min_args(), self.max_args());
        if args.len() < min || max.is_some_and(|max| args.len() > max) {
            return Err(ArgumentError::Count {
                min,
                max,
                found: args.len(),
            });
        }
        for (index, arg) in args.iter().enumerate() {
            let param = self.param_for(index).map_or(ParamType::Any, |p| p.ty);
            if !param.accepts(arg) {
                return Err(ArgumentError::Type {
                    index,
                    expected: param.expected(),
                    found: arg.clone(),
                });
            }
        }
        let mut result = self.result_type(args);
        if self.result_may_be_null(args) {
            result.nullable = true;
        }
        Ok(result)
    }

    /// The result type before `null` from arguments is taken into account.
    fn result_type(&self, args: &[Type]) -> Type {
        let arg = |index: usize| args.get(index).cloned().unwrap_or(Type::ANY);
        match self.returns {
            Returns::Fixed(base) | Returns::Coalesced(base) => base.to_type(),
            Returns::SameAs(index) => arg(index).non_null(),
            Returns::ElementOf(index) => match arg(index).shape {
                Shape::List(element) => element.or_null(),
                _ => Type::ANY,
            },
            Returns::Flattened(index) => flattened(arg(index)),
            Returns::WidestNumber => widest_number(args),
        }
    }

    /// Whether the result may be `null`: from a nullable argument in a position where
    /// `null` passes through, or because the function itself may give `null`.
    fn result_may_be_null(&self, args: &[Type]) -> bool {
        if self.may_give_null {
            return true;
        }
        if let Returns::Coalesced(_) = self.returns {
            return args.iter().all(|arg| arg.nullable);
        }
        match self.null_args {
            NullArgs::Any => args.iter().any(|arg| arg.nullable),
            NullArgs::Only(positions) => positions
                .iter()
                .any(|&position| args.get(position).is_some_and(|arg| arg.nullable)),
            NullArgs::None => false,
        }
    }

    /// The signature for docs and messages: `left(s: text, n: int) -> text`.
    pub fn signature_text(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|param| {
                let mark = if param.optional { "?" } else { "" };
                let dots = if param.variadic { "..." } else { "" };
                format!("{}{mark}: {}{dots}", param.name, param.ty.short_name())
            })
            .collect();
        let mut returns = self.returns_text();
        if self.may_give_null {
            returns.push('?');
        }
        format!("{}({}) -> {returns}", self.name, params.join(", "))
    }

    fn returns_text(&self) -> String {
        let param_type = |index: usize| {
            self.params
                .get(index)
                .map_or("any", |param| param.ty.short_name())
        };
        match self.returns {
            Returns::Fixed(base) | Returns::Coalesced(base) => base.name().to_string(),
            Returns::SameAs(index) => param_type(index).to_string(),
            Returns::ElementOf(index) => match self.params.get(index) {
                Some(param) => format!("element of {}", param.name),
                None => "any".to_string(),
            },
            Returns::Flattened(_) => "list".to_string(),
            Returns::WidestNumber => "number".to_string(),
        }
    }
}

/// `[[T]]` becomes `[T]`; a list whose elements are not lists stays as it is.
fn flattened(list: Type) -> Type {
    let Shape::List(element) = list.shape else {
        return Type::ANY;
    };
    match element.shape {
        Shape::List(inner) => {
            let mut inner = *inner;
            // A null element of the outer list stays in as `null`.
            inner.nullable |= element.nullable;
            Type::list(inner)
        }
        Shape::Any | Shape::Error => Type::list(Type::ANY),
        _ => Type::list(*element),
    }
}

fn widest_number(args: &[Type]) -> Type {
    if args.iter().any(Type::is_unknown) {
        Type::ANY
    } else if args
        .iter()
        .all(|arg| matches!(arg.shape, Shape::Int | Shape::Null))
    {
        Type::INT
    } else {
        Type::FLOAT
    }
}

impl Param {
    /// A parameter that must be given.
    pub const fn required(name: &'static str, ty: ParamType) -> Param {
        Param {
            name,
            ty,
            optional: false,
            variadic: false,
        }
    }

    /// A trailing parameter that may be left out.
    pub const fn optional(name: &'static str, ty: ParamType) -> Param {
        Param {
            name,
            ty,
            optional: true,
            variadic: false,
        }
    }

    /// A last parameter that takes one or more arguments.
    pub const fn variadic(name: &'static str, ty: ParamType) -> Param {
        Param {
            name,
            ty,
            optional: false,
            variadic: true,
        }
    }
}

#[cfg(test)]
#[path = "signature_tests.rs"]
mod tests;
