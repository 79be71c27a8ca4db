//! Lining up `=` in blocks of rules and `let`s, and `=>` in tables and `match` arms.
//!
//! Keys are padded to the longest key of their block, except keys far longer than the
//! block's typical key (more than 10 columns past the median, or over 40 columns): those
//! are not padded and do not widen the block, so one long filter target such as
//! `phoneNumbers[type eq "work"].value` does not push every other `=` to the right.

use super::flat;
use super::lines::has_blank_line;
use crate::syntax::ast::{Item, RuleDecl};

/// Keys longer than this are never padded.
const LONGEST_ALIGNED: usize = 40;
/// How far past the median key a key may be and still be aligned.
const SLACK_PAST_MEDIAN: usize = 10;

/// The width to pad the keys of one block to.
pub(super) fn block_width(widths: &[usize]) -> usize {
    let mut sorted = widths.to_vec();
    sorted.sort_unstable();
    let Some(&median) = sorted.get(sorted.len().saturating_sub(1) / 2) else {
        return 0;
    };
    let limit = LONGEST_ALIGNED.min(median + SLACK_PAST_MEDIAN);
    widths
        .iter()
        .copied()
        .filter(|&width| width <= limit)
        .max()
        .unwrap_or(0)
}

/// The flat text of a rule's target, `once ` included.
pub(super) fn rule_target(rule: &RuleDecl) -> String {
    let once = if rule.once.is_some() { "once " } else { "" };
    format!("{once}{}", flat::target_path(&rule.target))
}

/// For each item, the width its key (rule target or `let` name) is padded to.
pub(super) fn key_widths(items: &[Item], source: &str) -> Vec<usize> {
    let keys: Vec<Option<(BlockKind, String)>> = items.iter().map(block_key).collect();
    let mut widths = vec![0; items.len()];
    let mut start = 0;
    while start < items.len() {
        let Some((kind, _)) = &keys[start] else {
            start += 1;
            continue;
        };
        let mut end = start + 1;
        while end < items.len()
            && keys[end].as_ref().is_some_and(|(next, _)| next == kind)
            && !has_blank_line(source, items[end - 1].span().end, items[end].span().start)
        {
            end += 1;
        }
        let block: Vec<usize> = keys[start..end]
            .iter()
            .flatten()
            .map(|(_, key)| key.chars().count())
            .collect();
        let width = block_width(&block);
        widths[start..end].fill(width);
        start = end;
    }
    widths
}

/// What kind of block an item aligns with: `let`s with `let`s, rules with rules, and
/// rules for the Enterprise User extension (`enterprise.`) with each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BlockKind {
    Let,
    CoreRule,
    EnterpriseRule,
}

fn block_key(item: &Item) -> Option<(BlockKind, String)> {
    match item {
        Item::Let(decl) => Some((BlockKind::Let, flat::ident(&decl.name))),
        Item::Rule(rule) => {
            let enterprise = rule
                .target
                .segments
                .first()
                .is_some_and(|segment| segment.name.name == "enterprise")
                && rule.target.segments.len() > 1;
            let kind = if enterprise {
                BlockKind::EnterpriseRule
            } else {
                BlockKind::CoreRule
            };
            Some((kind, rule_target(rule)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::block_width;

    #[test]
    fn long_keys_do_not_widen_the_block() {
        // The rule targets of the language brief's example file.
        let widths = [10, 13, 14, 15, 14, 11, 28, 34, 5, 6, 17];
        assert_eq!(block_width(&widths), 17);
        assert_eq!(block_width(&[25, 21, 21, 24]), 25);
        assert_eq!(block_width(&[1, 28]), 1);
        assert_eq!(block_width(&[1, 2]), 2);
        assert_eq!(block_width(&[]), 0);
    }
}
