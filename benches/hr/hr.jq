# benches/hr/hr.jq — benches/hr/hr.dmap written in jq, for the bulk benchmark.
# Run: jq -nc --arg today 2026-11-28 -f hr.jq < records.ndjson
# Gives the same users, byte for byte, for the generated records (benches/hr/generate.rs);
# `ascii` covers only the letters those records use.

def trim: sub("^\\s+"; "") | sub("\\s+$"; "");
def blank: if . == null or (trim == "") then null else . end;
def join_present: map(select(. != null and . != "")) | join(" ");
def ascii: gsub("[éë]"; "e") | gsub("ü"; "u") | gsub("[öø]"; "o") | gsub("ç"; "c") | gsub("ı"; "i");
def handle: ascii_downcase | gsub("\\s"; "") | ascii;
def language: {"NL": "nl-NL", "BE": "nl-BE", "DE": "de-DE", "FR": "fr-FR", "GB": "en-GB"}[.] // "en-US";
def drop_nulls: with_entries(select(.value != null));

# unique: the first candidate not taken, else the last with the smallest free number.
def unique($taken):
  . as $candidates
  | first(($candidates[] | select(($taken[ascii_downcase]) | not)),
          ($candidates[-1] | (index("@")) as $at
           | range(2; infinite) as $n | (.[0:$at] + ($n | tostring) + .[$at:])
           | select(($taken[ascii_downcase]) | not)));

def map_record($taken):
  if .contract.type == "external" then {skip: true}
  elif .first_name == null and .last_name == null then {reject: "no name at all"}
  else
    ([.name_prefix, .last_name] | join_present) as $family
    | ([.first_name, $family] | join_present) as $full
    | (.work_email | if . == null then null else (trim | ascii_downcase | blank) end) as $email
    | (.first_name // "") as $first
    | (if $email != null then $email
       else [("\($first[0:1]).\($family)@acme.example" | handle),
             ("\($first).\($family)@acme.example" | handle)] | unique($taken) end) as $user_name
    | (.phone | if . == null then null else gsub("[\\s\\-()]+"; "") | blank end) as $phone
    | {user: ({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        externalId: (.employee_id | tostring),
        userName: $user_name,
        name: ({formatted: $full, familyName: $family, givenName: .first_name} | drop_nulls),
        displayName: $full,
        nickName: (.nickname | blank),
        profileUrl: "https://intranet.acme.example/people/\(.personnel_number)",
        title: .job.title,
        userType: (.contract.type | if . == "permanent" or . == "fixed_term" then "Employee"
                                    elif . == "intern" then "Intern" else null end),
        preferredLanguage: (.location.country | language),
        active: (.employment_status != "terminated" and .hire_date <= $today
                 and (.termination_date == null or .termination_date > $today)),
        emails: (if $email == null then null else [{value: $email, type: "work"}] end),
        phoneNumbers: (if $phone == null then null else [{value: $phone, type: "work"}] end),
        addresses: [{type: "work", locality: .location.city, country: .location.country}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ({
          employeeNumber: .personnel_number,
          costCenter: (.cost_center | blank),
          organization: "Acme BV",
          division: (.department.code | capture("^(?<d>[A-Z]+)-") | .d),
          department: .department.name,
          manager: (if .manager_id == null then null else {value: (.manager_id | tostring)} end)
        } | drop_nulls)
      } | drop_nulls), user_name: $user_name}
  end;

foreach inputs as $record ({taken: {}, out: null};
  # $taken is bound only while mapping, so the update below does not copy the object.
  (.taken as $taken | $record | map_record($taken)) as $result
  | if $result.user then
      .taken[$result.user_name | ascii_downcase] = true | .out = $result.user
    else .out = null end;
  .out | select(. != null))
