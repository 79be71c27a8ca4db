//! Synthetic HR records for the benchmarks: deterministic for a seed, 600–900 bytes of
//! NDJSON each, with the mix a real export has (empty strings, missing mailboxes, shared
//! names, contractors, a few records without a name).

/// A small, fast, deterministic generator (SplitMix64).
pub struct Records {
    state: u64,
    next_id: u64,
}

const FIRST: &[&str] = &[
    "Jan",
    "Anna",
    "Pieter",
    "Sophie",
    "Daan",
    "Emma",
    "Joris",
    "Zoë",
    "Renée",
    "Jürgen",
    "Søren",
    "Lars",
    "Fatima",
    "Mohamed",
    "Sanne",
    "Thomas",
    "Lotte",
    "François",
    "Noor",
    "Bram",
    "Julia",
    "Sem",
    "Eva",
    "Luuk",
];
const PREFIX: &[&str] = &["", "", "", "van", "de", "van der", "van den", "ter"];
const LAST: &[&str] = &[
    "Vries", "Jansen", "Bakker", "Berg", "Visser", "Smit", "Meijer", "Mulder", "Boer", "Dijk",
    "Müller", "Yılmaz", "Brouwer", "Hendriks", "Dekker", "Leeuw", "Graaf", "Peters",
];
const TITLES: &[&str] = &[
    "Software Engineer",
    "Warehouse Operative",
    "Driver",
    "HR Advisor",
    "Accountant",
    "Team Lead Logistics",
    "Customer Service Agent",
    "Product Owner",
];
const DEPARTMENTS: &[(&str, &str)] = &[
    ("ENG-01", "Engineering"),
    ("LOG-12", "Logistics"),
    ("FIN-03", "Finance"),
    ("HR-02", "Human Resources"),
    ("CS-07", "Customer Service"),
];
const PLACES: &[(&str, &str)] = &[
    ("NL", "Amsterdam"),
    ("NL", "Rotterdam"),
    ("BE", "Antwerpen"),
    ("DE", "Köln"),
    ("FR", "Lille"),
    ("GB", "London"),
    ("ES", "Madrid"),
];

impl Records {
    pub fn new(seed: u64) -> Records {
        Records {
            state: seed,
            next_id: 100_000,
        }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn date(&mut self, from_year: u64, years: u64) -> String {
        format!(
            "{}-{:02}-{:02}",
            from_year + self.below(years),
            1 + self.below(12),
            1 + self.below(28)
        )
    }

    /// The next record, one line of JSON without the newline.
    pub fn record(&mut self) -> String {
        self.next_id += 1;
        let id = self.next_id;
        let first = self.pick(FIRST);
        let prefix = self.pick(PREFIX);
        let last = self.pick(LAST);
        let no_name = self.below(100) == 0;
        let (first_json, last_json) = if no_name {
            ("null".to_string(), "null".to_string())
        } else {
            (quoted(first), quoted(last))
        };
        let work_email = match self.below(10) {
            0..=2 => "null".to_string(),
            3 => "\"\"".to_string(),
            _ => quoted(&format!(" {first}.{id}@Acme.example ")),
        };
        let contract = match self.below(100) {
            0..=2 => "external",
            3..=7 => "intern",
            8..=25 => "fixed_term",
            _ => "permanent",
        };
        let status = match self.below(20) {
            0 => "terminated",
            1 => "leave",
            _ => "active",
        };
        let termination = if self.below(8) == 0 {
            quoted(&self.date(2020, 10))
        } else {
            "null".to_string()
        };
        let (code, department) = DEPARTMENTS[self.below(DEPARTMENTS.len() as u64) as usize];
        let (country, city) = PLACES[self.below(PLACES.len() as u64) as usize];
        let manager = if self.below(10) == 0 {
            "null".to_string()
        } else {
            (100_000 + self.below(id - 99_999)).to_string()
        };
        let cost_center = if self.below(4) == 0 {
            String::new()
        } else {
            format!("CC{}", 1000 + self.below(90))
        };
        let nickname = if self.below(5) == 0 {
            first.to_string()
        } else {
            String::new()
        };
        let phone = format!(
            "+31 (0)6-{:04} {:04}",
            self.below(10_000),
            self.below(10_000)
        );
        let notes = match self.below(4) {
            0 => "Prefers \\\"Dutch\\\".\\nKey card returned.".to_string(),
            _ => "Laptop and badge issued.".to_string(),
        };
        format!(
            concat!(
                "{{\"employee_id\":{id},\"personnel_number\":\"P{id:07}\",",
                "\"first_name\":{first},\"name_prefix\":{prefix},\"last_name\":{last},",
                "\"nickname\":{nickname},\"work_email\":{work_email},",
                "\"phone\":{phone},",
                "\"birth_date\":\"{birth}\",\"gender\":\"{gender}\",\"nationality\":\"{country}\",",
                "\"job\":{{\"title\":{title},\"grade\":{grade},\"code\":\"J{grade}{id}\"}},",
                "\"contract\":{{\"type\":\"{contract}\",\"hours\":{hours},\"start_date\":\"{hire}\"}},",
                "\"department\":{{\"code\":\"{code}\",\"name\":\"{department}\"}},",
                "\"location\":{{\"country\":\"{country}\",\"city\":{city},\"building\":\"B{building}\"}},",
                "\"cost_center\":{cost_center},\"manager_id\":{manager},",
                "\"hire_date\":\"{hire}\",\"termination_date\":{termination},",
                "\"employment_status\":\"{status}\",\"bank_account\":\"NL{iban:02}ABNA0{account:09}\",",
                "\"home_address\":{{\"street\":\"Kerkstraat\",\"house_number\":\"{house}\",",
                "\"postal_code\":\"{postal} AB\",\"city\":{city},\"country\":\"{country}\"}},",
                "\"notes\":\"{notes}\",\"updated_at\":\"{updated}T08:30:00Z\"}}"
            ),
            id = id,
            first = first_json,
            prefix = quoted(prefix),
            last = last_json,
            nickname = quoted(&nickname),
            work_email = work_email,
            phone = quoted(&phone),
            birth = self.date(1960, 45),
            gender = if self.below(2) == 0 { "F" } else { "M" },
            country = country,
            title = quoted(self.pick(TITLES)),
            grade = 1 + self.below(12),
            contract = contract,
            hours = [40.0, 36.0, 32.0, 24.5][self.below(4) as usize],
            hire = self.date(2000, 27),
            code = code,
            department = department,
            city = quoted(city),
            building = self.below(20),
            cost_center = if cost_center.is_empty() { "\"\"".to_string() } else { quoted(&cost_center) },
            manager = manager,
            termination = termination,
            status = status,
            iban = self.below(100),
            account = self.below(1_000_000_000),
            house = 1 + self.below(300),
            postal = 1000 + self.below(9000),
            notes = notes,
            updated = self.date(2024, 3),
        )
    }
}

fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}
