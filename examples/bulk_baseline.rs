//! The hand-written baseline of the bulk benchmark: `benches/hr/hr.dmap` written
//! directly in Rust with serde derive structs, as a programmer would without
//! datamapper. Reads NDJSON on stdin, writes the users as NDJSON on stdout; skipped
//! and rejected records are counted on stderr. `--today YYYY-MM-DD` as for `run`.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::{BufRead, Write};

#[derive(Deserialize)]
struct Employee {
    employee_id: i64,
    personnel_number: String,
    first_name: Option<String>,
    name_prefix: Option<String>,
    last_name: Option<String>,
    nickname: Option<String>,
    work_email: Option<String>,
    phone: Option<String>,
    job: Job,
    contract: Contract,
    department: Department,
    location: Location,
    cost_center: Option<String>,
    manager_id: Option<i64>,
    hire_date: String,
    termination_date: Option<String>,
    employment_status: String,
}

#[derive(Deserialize)]
struct Job {
    title: String,
}

#[derive(Deserialize)]
struct Contract {
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct Department {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct Location {
    country: String,
    city: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct User {
    schemas: Vec<&'static str>,
    external_id: String,
    user_name: String,
    name: Name,
    display_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    nick_name: Option<String>,
    profile_url: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_type: Option<&'static str>,
    preferred_language: &'static str,
    active: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    emails: Vec<Typed>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phone_numbers: Vec<Typed>,
    addresses: Vec<Address>,
    #[serde(rename = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")]
    enterprise: Enterprise,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Name {
    formatted: String,
    family_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    given_name: Option<String>,
}

#[derive(Serialize)]
struct Typed {
    value: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Address {
    #[serde(rename = "type")]
    kind: &'static str,
    locality: String,
    country: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Enterprise {
    employee_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost_center: Option<String>,
    organization: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    division: Option<String>,
    department: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    manager: Option<Manager>,
}

#[derive(Serialize)]
struct Manager {
    value: String,
}

const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn blank(text: Option<String>) -> Option<String> {
    text.filter(|text| !text.trim().is_empty())
}

fn join(parts: &[&Option<String>]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .filter_map(|part| part.as_deref())
        .filter(|part| !part.is_empty())
        .collect();
    parts.join(" ")
}

/// The transliteration of `ascii` for the letters the generated records use.
fn ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'é' | 'ë' => 'e',
            'ü' => 'u',
            'ö' | 'ø' => 'o',
            'ç' => 'c',
            'ı' => 'i',
            other => other,
        })
        .collect()
}

fn handle(text: &str) -> String {
    ascii(
        &text
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>(),
    )
}

fn unique(candidates: [String; 2], taken: &mut HashSet<String>) -> String {
    let chosen = match candidates
        .iter()
        .find(|candidate| !taken.contains(&candidate.to_lowercase()))
    {
        Some(free) => free.clone(),
        None => {
            let last = &candidates[1];
            let (name, domain) = last.split_at(last.rfind('@').unwrap_or(last.len()));
            (2..)
                .map(|number| format!("{name}{number}{domain}"))
                .find(|numbered| !taken.contains(&numbered.to_lowercase()))
                .unwrap_or_default()
        }
    };
    taken.insert(chosen.to_lowercase());
    chosen
}

fn strip_phone(phone: &str) -> String {
    phone
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '(' | ')')))
        .collect()
}

fn division(code: &str) -> Option<String> {
    let letters = code.chars().take_while(|c| c.is_ascii_uppercase()).count();
    (letters > 0 && code[letters..].starts_with('-')).then(|| code[..letters].to_string())
}

enum Mapped {
    User(Box<User>),
    Skipped,
    Rejected,
}

fn map(e: Employee, today: &str, taken: &mut HashSet<String>) -> Mapped {
    if e.contract.kind == "external" {
        return Mapped::Skipped;
    }
    if e.first_name.is_none() && e.last_name.is_none() {
        return Mapped::Rejected;
    }
    let family = join(&[&e.name_prefix, &e.last_name]);
    let full_name = join(&[&e.first_name, &Some(family.clone())]);
    let email = blank(e.work_email.map(|email| email.trim().to_lowercase()));
    let first = e.first_name.clone().unwrap_or_default();
    let initial: String = first.chars().take(1).collect();
    let user_name = match &email {
        Some(email) => email.clone(),
        None => unique(
            [
                handle(&format!("{initial}.{family}@acme.example")),
                handle(&format!("{first}.{family}@acme.example")),
            ],
            taken,
        ),
    };
    taken.insert(user_name.to_lowercase());
    let user_type = match e.contract.kind.as_str() {
        "permanent" | "fixed_term" => Some("Employee"),
        "intern" => Some("Intern"),
        _ => None,
    };
    let preferred_language = match e.location.country.as_str() {
        "NL" => "nl-NL",
        "BE" => "nl-BE",
        "DE" => "de-DE",
        "FR" => "fr-FR",
        "GB" => "en-GB",
        _ => "en-US",
    };
    let active = e.employment_status != "terminated"
        && e.hire_date.as_str() <= today
        && e.termination_date
            .as_deref()
            .is_none_or(|date| date > today);
    let phone = blank(e.phone.map(|phone| strip_phone(&phone)));
    Mapped::User(Box::new(User {
        schemas: vec![CORE, ENTERPRISE],
        external_id: e.employee_id.to_string(),
        user_name,
        name: Name {
            formatted: full_name.clone(),
            family_name: family,
            given_name: e.first_name,
        },
        display_name: full_name,
        nick_name: blank(e.nickname),
        profile_url: format!(
            "https://intranet.acme.example/people/{}",
            e.personnel_number
        ),
        title: e.job.title,
        user_type,
        preferred_language,
        active,
        emails: email
            .into_iter()
            .map(|value| Typed {
                value,
                kind: "work",
            })
            .collect(),
        phone_numbers: phone
            .into_iter()
            .map(|value| Typed {
                value,
                kind: "work",
            })
            .collect(),
        addresses: vec![Address {
            kind: "work",
            locality: e.location.city,
            country: e.location.country,
        }],
        enterprise: Enterprise {
            employee_number: e.personnel_number,
            cost_center: blank(e.cost_center),
            organization: "Acme BV",
            division: division(&e.department.code),
            department: e.department.name,
            manager: e.manager_id.map(|id| Manager {
                value: id.to_string(),
            }),
        },
    }))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let today = match args.iter().position(|arg| arg == "--today") {
        Some(at) => args.get(at + 1).cloned().unwrap_or_default(),
        None => "2026-11-28".to_string(),
    };
    let mut taken = HashSet::new();
    let (mut mapped, mut skipped, mut rejected) = (0u64, 0u64, 0u64);
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = line?;
        let outcome = match serde_json::from_str::<Employee>(&line) {
            Ok(employee) => map(employee, &today, &mut taken),
            Err(_) => Mapped::Rejected,
        };
        match outcome {
            Mapped::User(user) => {
                serde_json::to_writer(&mut out, &user)?;
                out.write_all(b"\n")?;
                mapped += 1;
            }
            Mapped::Skipped => skipped += 1,
            Mapped::Rejected => rejected += 1,
        }
    }
    out.flush()?;
    eprintln!("baseline: {mapped} mapped, {skipped} skipped, {rejected} rejected");
    Ok(())
}
