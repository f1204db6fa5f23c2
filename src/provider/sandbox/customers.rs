//! The simulated customers of `sandbox simulate`: names and WhatsApp numbers in the shapes of
//! the shop's market, from the seeded generator (so the same seed gives the same people).

use std::collections::HashSet;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub(super) struct Customer {
    pub name: String,
    pub phone: String,
}

/// Name lists and WhatsApp number shapes per market (E.164, no spaces). Numbers are random
/// digits in the mobile ranges, not real subscribers'.
fn market(country: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match country {
        "IN" => (
            &[
                "Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya", "Rahul",
                "Meera",
            ],
            &[
                "Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Singh", "Das", "Mehta", "Rao",
            ],
        ),
        "BR" => (
            &[
                "Ana", "João", "Mariana", "Pedro", "Beatriz", "Lucas", "Camila", "Gabriel",
                "Larissa", "Rafael",
            ],
            &[
                "Silva",
                "Santos",
                "Oliveira",
                "Souza",
                "Costa",
                "Pereira",
                "Almeida",
                "Ferreira",
                "Rodrigues",
                "Lima",
            ],
        ),
        _ => (
            &[
                "Wei Ling",
                "Nur Aisyah",
                "Priya",
                "Jun Hao",
                "Siti",
                "Marcus",
                "Hui Min",
                "Arjun",
                "Mei Xin",
                "Farhan",
            ],
            &[
                "Tan", "Lim", "Ng", "Rahman", "Kumar", "Wong", "Lee", "Goh", "Osman", "Chua",
            ],
        ),
    }
}

fn digits(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.random_range(0..10u32) as u8))
        .collect()
}

/// A pool of regular customers (about one per three orders, so some order again). Singapore
/// (+65, 8 digits from 8 or 9), India (+91, 10 digits from 6–9), Brazil (+55, a capital's
/// area code then 9 and 8 digits); other countries get Singapore's shapes.
pub(super) fn make_customers(rng: &mut ChaCha8Rng, country: &str, orders: u32) -> Vec<Customer> {
    let (first, last) = market(country);
    let size = (orders / 3).clamp(1, 500) as usize;
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(size);
    while out.len() < size {
        let f = first[rng.random_range(0..first.len() as u32) as usize];
        let l = last[rng.random_range(0..last.len() as u32) as usize];
        let phone = match country {
            "IN" => format!("+91{}{}", rng.random_range(6..=9u32), digits(rng, 9)),
            "BR" => {
                let area = [11, 21, 31, 41, 51, 61, 71, 81][rng.random_range(0..8u32) as usize];
                format!("+55{area}9{}", digits(rng, 8))
            }
            _ => format!("+65{}{}", rng.random_range(8..=9u32), digits(rng, 7)),
        };
        if seen.insert(phone.clone()) {
            out.push(Customer {
                name: format!("{f} {l}"),
                phone,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn customers_match_the_market() {
        for (country, prefix, len) in [("IN", "+91", 13), ("BR", "+55", 14), ("SG", "+65", 11)] {
            let mut rng = ChaCha8Rng::seed_from_u64(1);
            let cs = make_customers(&mut rng, country, 30);
            assert_eq!(cs.len(), 10);
            for Customer { name, phone } in cs {
                assert!(phone.starts_with(prefix) && phone.len() == len, "{phone}");
                assert!(name.contains(' '));
            }
        }
    }
}
