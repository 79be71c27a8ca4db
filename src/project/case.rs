//! Test cases of a mapping project: one JSON file per case with the input record(s),
//! the run settings and the expected outcome(s); running a case and rewriting its
//! expectations from the actual outcome.

use super::diff::{compact, diff_users};
use super::records::{case_records, load_existing};
use crate::engine::{Outcome, Program, RunContext};
use crate::schema::ObjectType;
use serde_json::{Map, Value as Json};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One case file, loaded.
#[derive(Debug)]
pub struct Case {
    pub path: PathBuf,
    pub description: Option<String>,
    /// `today()` for the case; the date of the run when not given.
    pub today: Option<jiff::civil::Date>,
    /// userNames of users Plek already holds.
    pub existing: Vec<String>,
    /// The input records in order; an unreadable record is its reject reason.
    pub records: Vec<Result<Json, String>>,
    /// One expectation per record.
    pub expectations: Vec<Expectation>,
    /// The case file as read, so `--update` keeps everything but `expect`.
    document: Map<String, Json>,
    /// Whether `expect` is a list (one per record) rather than one expectation.
    expect_is_list: bool,
}

/// What a record should become.
#[derive(Clone, Debug, PartialEq)]
pub enum Expectation {
    /// This user, exactly.
    User(Json),
    Skip,
    /// Rejected with a reason that contains this text.
    Reject(String),
}

/// What running a case found: per record, `None` when it met its expectation, else the
/// lines that say how it did not.
#[derive(Debug)]
pub struct CaseResult {
    pub outcomes: Vec<Outcome>,
    pub failures: Vec<RecordFailure>,
}

/// A record that did not meet its expectation.
#[derive(Debug)]
pub struct RecordFailure {
    /// 1-based position of the record in the case; 0 for the case as a whole.
    pub record: usize,
    pub lines: Vec<String>,
}

impl Case {
    /// Reads and validates a case file; `source` is the mapping's source type, for CSV
    /// input files. `Err` says what is wrong with it, in words.
    pub fn load(path: &Path, source: Option<Arc<ObjectType>>) -> Result<Case, String> {
        let text = std::fs::read_to_string(path).map_err(|error| error.to_string())?;
        let text = crate::source::without_byte_order_mark(&text);
        let document = match serde_json::from_str::<Json>(text) {
            Ok(Json::Object(document)) => document,
            Ok(_) => return Err("a case file holds one JSON object".into()),
            Err(error) => return Err(format!("not valid JSON: {error}")),
        };
        let base = path.parent().unwrap_or(Path::new("."));
        let description = document
            .get("description")
            .and_then(Json::as_str)
            .map(str::to_string);
        let today = match document.get("today") {
            None | Some(Json::Null) => None,
            Some(Json::String(text)) => Some(text.parse().map_err(|_| {
                format!("\"today\" must be a date like \"2026-11-28\", got {text:?}")
            })?),
            Some(_) => return Err("\"today\" must be a date like \"2026-11-28\"".into()),
        };
        let existing = match document.get("existing") {
            None | Some(Json::Null) => Vec::new(),
            Some(value) => load_existing(value, base)?,
        };
        let records = match document.get("input") {
            None => return Err("the case has no \"input\"".into()),
            Some(value) => case_records(value, base, source)?,
        };
        let (expectations, expect_is_list) = match document.get("expect") {
            None => (Vec::new(), records.len() != 1),
            Some(Json::Array(items)) => (parse_expectations(items)?, true),
            Some(single) => (vec![parse_expectation(single)?], false),
        };
        if !expectations.is_empty() && expectations.len() != records.len() {
            return Err(format!(
                "the case has {} input records but {} expectations",
                records.len(),
                expectations.len()
            ));
        }
        Ok(Case {
            path: path.to_path_buf(),
            description,
            today,
            existing,
            records,
            expectations,
            document,
            expect_is_list,
        })
    }

    /// Maps the case's records in order, as `run` would, and compares.
    pub fn run(&self, program: &Program) -> CaseResult {
        let today = self.today.unwrap_or_else(|| jiff::Zoned::now().date());
        let now = match self.today {
            Some(date) => date
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map(|zoned| zoned.timestamp())
                .unwrap_or_else(|_| jiff::Timestamp::now()),
            None => jiff::Timestamp::now(),
        };
        let mut context = RunContext::new(today, now);
        for name in &self.existing {
            context.add_existing_user_name(name);
        }
        let outcomes: Vec<Outcome> = self
            .records
            .iter()
            .map(|record| match record {
                Ok(record) => program.map_record(record, &mut context),
                Err(reason) => Outcome::Rejected(reason.clone()),
            })
            .collect();
        let mut failures = Vec::new();
        if self.expectations.is_empty() {
            failures.push(RecordFailure {
                record: 0,
                lines: vec!["the case has no \"expect\" yet (write it with --update)".into()],
            });
        }
        for (position, (expectation, outcome)) in
            self.expectations.iter().zip(&outcomes).enumerate()
        {
            let lines = compare(expectation, outcome);
            if !lines.is_empty() {
                failures.push(RecordFailure {
                    record: position + 1,
                    lines,
                });
            }
        }
        CaseResult { outcomes, failures }
    }

    /// The case file with `expect` set from `outcomes`, in the same layout as before.
    pub fn updated_text(&self, outcomes: &[Outcome]) -> String {
        let written: Vec<Json> = outcomes.iter().map(expectation_json).collect();
        let expect = match (self.expect_is_list, written.as_slice()) {
            (false, [single]) => single.clone(),
            _ => Json::Array(written),
        };
        let mut document = self.document.clone();
        document.insert("expect".into(), expect);
        let mut text = serde_json::to_string_pretty(&Json::Object(document)).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Whether the case has more than one record, so messages name the record.
    pub fn has_several_records(&self) -> bool {
        self.records.len() > 1
    }
}

fn parse_expectations(items: &[Json]) -> Result<Vec<Expectation>, String> {
    items.iter().map(parse_expectation).collect()
}

fn parse_expectation(value: &Json) -> Result<Expectation, String> {
    let fields = value.as_object().ok_or(EXPECT_SHAPE)?;
    let mut keys = fields.keys().map(String::as_str);
    let (Some(key), None) = (keys.next(), keys.next()) else {
        return Err(EXPECT_SHAPE.into());
    };
    match (key, &fields[key]) {
        ("user", user @ Json::Object(_)) => Ok(Expectation::User(user.clone())),
        ("skip", Json::Bool(true)) => Ok(Expectation::Skip),
        ("reject", Json::String(reason)) => Ok(Expectation::Reject(reason.clone())),
        _ => Err(EXPECT_SHAPE.into()),
    }
}

const EXPECT_SHAPE: &str = "\"expect\" must be {\"user\": {...}}, {\"skip\": true} or \
                            {\"reject\": \"reason\"} (or a list of them, one per record)";

fn expectation_json(outcome: &Outcome) -> Json {
    let mut map = Map::new();
    match outcome {
        Outcome::Mapped(user) => map.insert("user".into(), user.clone()),
        Outcome::Skipped => map.insert("skip".into(), Json::Bool(true)),
        Outcome::Rejected(reason) => {
            map.insert("reject".into(), Json::String(without_mapping_lines(reason)))
        }
    };
    Json::Object(map)
}

/// A reject reason without the mapping lines it names (`reject "x" (line 12)` becomes
/// `reject "x"`), so that adding a comment or a rule above does not break a case.
fn without_mapping_lines(reason: &str) -> String {
    let mut out = String::with_capacity(reason.len());
    let mut rest = reason;
    while let Some(at) = rest.find(" (line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " (line ".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(')') {
            rest = &after[digits + 1..];
        } else {
            out.push_str(" (line ");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Lines that say how `outcome` misses `expectation`; empty when it meets it.
fn compare(expectation: &Expectation, outcome: &Outcome) -> Vec<String> {
    match (expectation, outcome) {
        (Expectation::User(expected), Outcome::Mapped(actual)) => diff_users(expected, actual),
        (Expectation::Skip, Outcome::Skipped) => Vec::new(),
        (Expectation::Reject(wanted), Outcome::Rejected(reason))
            if reason.contains(wanted)
                || without_mapping_lines(reason).contains(&without_mapping_lines(wanted)) =>
        {
            Vec::new()
        }
        (Expectation::Reject(wanted), Outcome::Rejected(reason)) => vec![format!(
            "expected a reject with {}, got a reject: {reason}",
            compact(&Json::String(wanted.clone()))
        )],
        (expectation, outcome) => vec![format!(
            "expected {}, got {}",
            describe_expectation(expectation),
            describe_outcome(outcome)
        )],
    }
}

fn describe_expectation(expectation: &Expectation) -> String {
    match expectation {
        Expectation::User(user) => format!("a user{}", user_name_of(user)),
        Expectation::Skip => "a skip".into(),
        Expectation::Reject(wanted) => {
            format!("a reject with {}", compact(&Json::String(wanted.clone())))
        }
    }
}

fn describe_outcome(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Mapped(user) => format!("a user{}", user_name_of(user)),
        Outcome::Skipped => "a skip".into(),
        Outcome::Rejected(reason) => format!("a reject: {reason}"),
    }
}

fn user_name_of(user: &Json) -> String {
    match user.get("userName") {
        Some(name) => format!(" ({})", compact(name)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_reject_matches_by_substring() {
        let outcome = Outcome::Rejected("reject \"no name\" (line 9)".into());
        assert!(compare(&Expectation::Reject("no name".into()), &outcome).is_empty());
        assert_eq!(
            compare(&Expectation::Reject("no e-mail".into()), &outcome),
            [r#"expected a reject with "no e-mail", got a reject: reject "no name" (line 9)"#]
        );
    }

    #[test]
    fn a_reject_does_not_depend_on_the_lines_of_the_mapping() {
        let reason = r#"let "uit_dienst" (line 14): date: "31-02-2026" is not a valid date"#;
        let moved = Outcome::Rejected(reason.replace("line 14", "line 16"));
        let written = expectation_json(&Outcome::Rejected(reason.into()));
        assert_eq!(
            written,
            json!({"reject": r#"let "uit_dienst": date: "31-02-2026" is not a valid date"#})
        );
        let expectation = parse_expectation(&written).unwrap();
        assert!(compare(&expectation, &moved).is_empty());
        // Expectations written before lines were left out still match.
        let old = Expectation::Reject(reason.into());
        assert!(compare(&old, &moved).is_empty());
        assert_eq!(
            without_mapping_lines("reject \"(line x)\" (line 3) (line 4"),
            "reject \"(line x)\" (line 4"
        );
    }

    #[test]
    fn a_wrong_kind_of_outcome_says_both() {
        let user = json!({"userName": "a@b.example"});
        assert_eq!(
            compare(&Expectation::Skip, &Outcome::Mapped(user)),
            [r#"expected a skip, got a user ("a@b.example")"#]
        );
    }

    #[test]
    fn expectations_have_one_key() {
        assert_eq!(
            parse_expectation(&json!({"skip": true})),
            Ok(Expectation::Skip)
        );
        assert!(parse_expectation(&json!({"skip": true, "reject": "x"})).is_err());
        assert!(parse_expectation(&json!({"user": "x"})).is_err());
    }
}
