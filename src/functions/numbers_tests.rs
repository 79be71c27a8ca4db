use crate::functions::test_support::call;
use crate::value::Value;

fn one(name: &str, value: Value) -> Result<Value, String> {
    call(name, vec![value])
}

#[test]
fn rounding_gives_ints() {
    assert_eq!(one("round", Value::Float(2.5)), Ok(Value::Int(3)));
    assert_eq!(one("round", Value::Float(-2.5)), Ok(Value::Int(-3)));
    assert_eq!(one("round", Value::Float(2.4999)), Ok(Value::Int(2)));
    assert_eq!(one("round", Value::Int(-4)), Ok(Value::Int(-4)));
    assert_eq!(one("floor", Value::Float(-0.5)), Ok(Value::Int(-1)));
    assert_eq!(one("ceil", Value::Float(-0.5)), Ok(Value::Int(0)));
    assert_eq!(one("ceil", Value::Float(4.0)), Ok(Value::Int(4)));
    assert!(one("round", Value::Float(1e300)).is_err());
    assert_eq!(one("floor", Value::Null), Ok(Value::Null));
}

#[test]
fn abs_keeps_the_kind() {
    assert_eq!(one("abs", Value::Int(-3)), Ok(Value::Int(3)));
    assert_eq!(one("abs", Value::Int(3)), Ok(Value::Int(3)));
    assert_eq!(one("abs", Value::Float(-0.25)), Ok(Value::Float(0.25)));
    assert!(one("abs", Value::Int(i64::MIN)).is_err());
}

#[test]
fn min_and_max_of_two() {
    let two = |name: &str, a: Value, b: Value| call(name, vec![a, b]).unwrap();
    assert_eq!(two("min", Value::Int(-2), Value::Int(5)), Value::Int(-2));
    assert_eq!(two("max", Value::Int(-2), Value::Int(5)), Value::Int(5));
    assert_eq!(two("max", Value::Int(5), Value::Int(5)), Value::Int(5));
    let min = two("min", Value::Int(2), Value::Float(2.5));
    assert!(matches!(min, Value::Float(f) if f == 2.0));
    assert_eq!(
        two("max", Value::Float(-1.5), Value::Float(-2.5)),
        Value::Float(-1.5)
    );
    // Exact for ints beyond a float's precision.
    let big = 9_007_199_254_740_993;
    assert_eq!(
        two("max", Value::Int(big), Value::Int(big - 1)),
        Value::Int(big)
    );
    assert_eq!(two("min", Value::Null, Value::Int(1)), Value::Null);
}
