//! Lays the rules out in SCIM output order: per schema, the attributes rules set in the
//! schema's order, sub-attributes in schema order, filtered elements by first rule.

use crate::check::ir::{CheckedRule, ResolvedTarget};
use crate::engine::program::{
    AttributePlan, AttributeShape, ElementKey, ElementPlan, OutputPlan, SchemaPlan, SubRule,
};
use crate::schema::target::{ScimAttribute, ScimType, TargetSchema};
use crate::value::Value;
use std::sync::Arc;

/// A `[type eq "work"]` selector: the attribute and the value.
type Filter = (String, Value);

/// The output plan for `rules` written to `target`.
pub(super) fn plan(target: &TargetSchema, rules: &[CheckedRule]) -> OutputPlan {
    let schemas = target
        .schemas
        .iter()
        .enumerate()
        .map(|(index, schema)| {
            let in_schema: Vec<usize> = (0..rules.len())
                .filter(|&rule| rules[rule].target.schema == index)
                .collect();
            let mut attributes: Vec<AttributePlan> = schema
                .attributes
                .iter()
                .filter_map(|attribute| {
                    let targeting: Vec<usize> = in_schema
                        .iter()
                        .copied()
                        .filter(|&rule| same_name(&rules[rule].target.attribute, &attribute.name))
                        .collect();
                    (!targeting.is_empty()).then(|| attribute_plan(attribute, &targeting, rules))
                })
                .collect();
            attributes.extend(unknown_attributes(schema, &in_schema, rules));
            SchemaPlan {
                urn: schema.id.clone(),
                attributes,
            }
        })
        .collect();
    let user_name_rule = rules.iter().position(|rule| {
        rule.target.schema == 0
            && same_name(&rule.target.attribute, "userName")
            && rule.target.sub_attribute.is_none()
    });
    OutputPlan {
        schemas,
        user_name_rule,
        // Set once the whole program is known (`Program::index_unique`).
        holds_names: false,
    }
}

fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Attributes that rules set but the schema does not list (the checker reports those;
/// they still get a place, after the listed ones, in rule order).
fn unknown_attributes(
    schema: &crate::schema::target::ScimSchema,
    in_schema: &[usize],
    rules: &[CheckedRule],
) -> Vec<AttributePlan> {
    let mut names: Vec<&str> = Vec::new();
    for &rule in in_schema {
        let name = rules[rule].target.attribute.as_str();
        if schema.attribute(name).is_none() && !names.iter().any(|known| same_name(known, name)) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let targeting: Vec<usize> = in_schema
                .iter()
                .copied()
                .filter(|&rule| same_name(&rules[rule].target.attribute, name))
                .collect();
            let first = &rules[targeting[0]].target;
            let stand_in = ScimAttribute {
                name: name.to_string(),
                kind: if first.sub_attribute.is_some() {
                    ScimType::Complex
                } else {
                    first.kind
                },
                multi_valued: first.multi_valued,
                required: false,
                canonical_values: Vec::new(),
                sub_attributes: Vec::new(),
                mutability: crate::schema::target::Mutability::ReadWrite,
                description: String::new(),
            };
            attribute_plan(&stand_in, &targeting, rules)
        })
        .collect()
}

fn attribute_plan(
    attribute: &ScimAttribute,
    targeting: &[usize],
    rules: &[CheckedRule],
) -> AttributePlan {
    let sub_attributes = output_order(attribute);
    let whole = targeting.iter().copied().find(|&rule| {
        let target = &rules[rule].target;
        target.sub_attribute.is_none() && target.filter.is_none()
    });
    let shape = if attribute.multi_valued {
        AttributeShape::Multi(element_plans(&sub_attributes, targeting, rules))
    } else if targeting
        .iter()
        .any(|&rule| rules[rule].target.sub_attribute.is_some())
    {
        AttributeShape::Complex(sub_rules(&sub_attributes, targeting, rules))
    } else {
        AttributeShape::Single
    };
    AttributePlan {
        name: attribute.name.clone(),
        kind: attribute.kind,
        sub_attributes,
        whole,
        shape,
    }
}

/// Sub-attributes in output order: for a multi-valued attribute `value` and `type` come
/// first, then the rest in schema order.
fn output_order(attribute: &ScimAttribute) -> Arc<[(String, ScimType)]> {
    let mut order: Vec<(String, ScimType)> = attribute
        .sub_attributes
        .iter()
        .map(|sub| (sub.name.clone(), sub.kind))
        .collect();
    if attribute.multi_valued {
        let rank = |name: &str| match name {
            "value" => 0,
            "type" => 1,
            _ => 2,
        };
        order.sort_by_key(|(name, _)| rank(name));
    }
    order.into()
}

/// Position of a sub-attribute in output order; unknown names go last.
fn position(order: &[(String, ScimType)], name: &str) -> usize {
    order
        .iter()
        .position(|(known, _)| same_name(known, name))
        .unwrap_or(order.len())
}

fn sub_rules(
    order: &[(String, ScimType)],
    targeting: &[usize],
    rules: &[CheckedRule],
) -> Vec<SubRule> {
    let mut subs: Vec<SubRule> = targeting
        .iter()
        .filter_map(|&rule| sub_rule(&rules[rule].target, rule))
        .collect();
    subs.sort_by_key(|sub| position(order, &sub.name));
    subs
}

fn sub_rule(target: &ResolvedTarget, rule: usize) -> Option<SubRule> {
    target.sub_attribute.as_ref().map(|name| SubRule {
        name: name.clone(),
        kind: target.kind,
        rule,
    })
}

/// The elements filtered rules build, in the order of each filter's first rule.
fn element_plans(
    order: &[(String, ScimType)],
    targeting: &[usize],
    rules: &[CheckedRule],
) -> Vec<ElementPlan> {
    let mut groups: Vec<(Option<&Filter>, Vec<SubRule>)> = Vec::new();
    for &rule in targeting {
        let target = &rules[rule].target;
        let Some(sub) = sub_rule(target, rule) else {
            continue;
        };
        let filter = target.filter.as_ref();
        match groups
            .iter_mut()
            .find(|(known, _)| same_filter(*known, filter))
        {
            Some((_, subs)) => subs.push(sub),
            None => groups.push((filter, vec![sub])),
        }
    }
    let has_value = order.iter().any(|(name, _)| name == "value");
    groups
        .into_iter()
        .map(|(filter, subs)| element_plan(order, filter, subs, has_value))
        .collect()
}

fn same_filter(a: Option<&Filter>, b: Option<&Filter>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some((name_a, value_a)), Some((name_b, value_b))) => {
            same_name(name_a, name_b) && value_a == value_b
        }
        _ => false,
    }
}

fn element_plan(
    order: &[(String, ScimType)],
    filter: Option<&Filter>,
    subs: Vec<SubRule>,
    has_value: bool,
) -> ElementPlan {
    let sets_value = subs.iter().any(|sub| sub.name == "value");
    let mut keys: Vec<ElementKey> = Vec::with_capacity(subs.len() + 1);
    if let Some((name, value)) = filter {
        // A rule that sets the filter's own attribute speaks for itself.
        if !subs.iter().any(|sub| same_name(&sub.name, name)) {
            keys.push(ElementKey::Filter {
                name: name.clone(),
                value: value.to_json(),
            });
        }
    }
    keys.extend(subs.into_iter().map(ElementKey::Rule));
    keys.sort_by_key(|key| {
        let name = match key {
            ElementKey::Filter { name, .. } => name,
            ElementKey::Rule(sub) => &sub.name,
        };
        position(order, name)
    });
    ElementPlan {
        keys,
        needs_value: has_value && sets_value,
    }
}
