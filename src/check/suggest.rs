//! "Did you mean ...?": the closest known name to a misspelt one.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
///
/// The allowed edit distance grows with the length of the name: one edit for short
/// names, up to a third of the length for long ones. Case differences are free hints:
/// `FirstName` suggests `first_name`'s neighbour `firstname` only if it is close.
///
/// ```
/// use datamapper::check::suggest::did_you_mean;
/// let fields = ["first_name", "last_name", "work_email"];
/// assert_eq!(did_you_mean("frist_name", fields), Some("first_name"));
/// assert_eq!(did_you_mean("salary", fields), None);
/// ```
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|candidate| *candidate != name)
        .map(|candidate| (edit_distance(&lower, &candidate.to_lowercase()), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, candidate)| (distance, candidate))
        .map(|(_, candidate)| candidate)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// two neighbouring characters each count as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_swaps_as_one_edit() {
        assert_eq!(edit_distance("frist", "first"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn threshold_grows_with_length() {
        assert_eq!(did_you_mean("ab", ["xy"]), None);
        assert_eq!(did_you_mean("titel", ["title"]), Some("title"));
        assert_eq!(
            did_you_mean("emplyee_numbr", ["employeeNumber", "employee_number"]),
            Some("employee_number")
        );
        assert_eq!(did_you_mean("UserName", ["userName"]), Some("userName"));
    }
}
