//! An exact decimal for amounts: an integer mantissa and a power-of-ten scale.
//! Money is never held in `f64`, so 0.1 + 0.2 stays 0.3.

use serde::{Serialize, Serializer};
use std::fmt;

/// An exact decimal number: `mantissa × 10^-scale`.
///
/// # Examples
///
/// ```
/// use jinzhan::extract::Decimal;
///
/// let d: Decimal = "791.9".parse().unwrap();
/// assert_eq!(d.scale_pow10(8).unwrap().to_string(), "79190000000");
/// assert_eq!("0.1".parse::<Decimal>().unwrap().checked_add("0.2".parse().unwrap()).unwrap().to_string(), "0.3");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal { mantissa: 0, scale: 0 };

    /// A whole number.
    pub fn from_int(n: i128) -> Decimal {
        Decimal { mantissa: n, scale: 0 }
    }

    fn normalized(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    fn rescale(self, scale: u32) -> Option<Decimal> {
        let k = scale.checked_sub(self.scale)?;
        Some(Decimal { mantissa: self.mantissa.checked_mul(10i128.checked_pow(k)?)?, scale })
    }

    /// Multiplies by 10^k (k may be negative); `None` on overflow.
    pub fn scale_pow10(self, k: i32) -> Option<Decimal> {
        if k >= 0 {
            let m = self.mantissa.checked_mul(10i128.checked_pow(k.unsigned_abs())?)?;
            Some(Decimal { mantissa: m, scale: self.scale }.normalized())
        } else {
            Some(
                Decimal { mantissa: self.mantissa, scale: self.scale.checked_add(k.unsigned_abs())? }
                    .normalized(),
            )
        }
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let (a, b) = (self.rescale(scale)?, other.rescale(scale)?);
        Some(Decimal { mantissa: a.mantissa.checked_add(b.mantissa)?, scale }.normalized())
    }

    /// The product, or `None` on overflow.
    pub fn checked_mul(self, other: Decimal) -> Option<Decimal> {
        Some(
            Decimal {
                mantissa: self.mantissa.checked_mul(other.mantissa)?,
                scale: self.scale.checked_add(other.scale)?,
            }
            .normalized(),
        )
    }

    /// `self / other` rounded half away from zero to `places` decimals.
    pub fn checked_div(self, other: Decimal, places: u32) -> Option<Decimal> {
        if other.mantissa == 0 {
            return None;
        }
        // self/other = (m1 / m2) * 10^(s2 - s1); compute with places+1 extra digits.
        let shift = i64::from(places) + 1 + i64::from(other.scale) - i64::from(self.scale);
        let (num, den) = if shift >= 0 {
            (self.mantissa.checked_mul(10i128.checked_pow(u32::try_from(shift).ok()?)?)?, other.mantissa)
        } else {
            (self.mantissa, other.mantissa.checked_mul(10i128.checked_pow(u32::try_from(-shift).ok()?)?)?)
        };
        let q = num / den;
        let rounded = if q.rem_euclid(10) >= 5 && q >= 0 || q < 0 && (-q) % 10 >= 5 {
            q / 10 + q.signum()
        } else {
            q / 10
        };
        Some(Decimal { mantissa: rounded, scale: places }.normalized())
    }

    /// True when below zero.
    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// The nearest `f64` (for spreadsheets and ratios; never used for money arithmetic).
    pub fn to_f64(self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }
}

impl std::ops::Neg for Decimal {
    type Output = Decimal;

    fn neg(self) -> Decimal {
        Decimal { mantissa: -self.mantissa, scale: self.scale }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.normalized();
        let digits = d.mantissa.unsigned_abs().to_string();
        let sign = if d.mantissa < 0 { "-" } else { "" };
        let scale = d.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

/// An error parsing a [`Decimal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDecimalError;

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a plain decimal number")
    }
}

impl std::error::Error for ParseDecimalError {}

impl std::str::FromStr for Decimal {
    type Err = ParseDecimalError;

    /// Parses `-12.50`, `+3`, `0.13` (ASCII digits only).
    fn from_str(s: &str) -> Result<Decimal, ParseDecimalError> {
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(ParseDecimalError);
        }
        let mut mantissa: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa
                .checked_mul(10)
                .and_then(|m| m.checked_add(i128::from(b - b'0')))
                .ok_or(ParseDecimalError)?;
        }
        let scale = u32::try_from(frac.len()).map_err(|_| ParseDecimalError)?;
        let d = Decimal { mantissa, scale }.normalized();
        Ok(if neg { -d } else { d })
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(d("0.1").checked_add(d("0.2")).unwrap().to_string(), "0.3");
        assert_eq!(d("1732022").scale_pow10(4).unwrap().to_string(), "17320220000");
        assert_eq!(d("4.90").scale_pow10(-3).unwrap().to_string(), "0.0049");
        assert_eq!(d("20.17").checked_mul(Decimal::from_int(15)).unwrap().to_string(), "302.55");
        assert_eq!(Decimal::from_int(1).checked_div(Decimal::from_int(3), 4).unwrap().to_string(), "0.3333");
        assert_eq!(Decimal::from_int(2).checked_div(Decimal::from_int(3), 4).unwrap().to_string(), "0.6667");
        assert_eq!(d("39783").checked_div(d("45000"), 4).unwrap().to_string(), "0.8841");
        assert_eq!(d("-14").to_string(), "-14");
        assert_eq!(d("0.050").to_string(), "0.05");
        assert!("1e5".parse::<Decimal>().is_err());
    }
}
