//! Where demo enterprises sit: Shanxi's real cities and counties (from the embedded GB/T 2260
//! table), weighted by a rough industrial size, and the provinces outside suppliers come from.

use model::{RegionCode, RegionLevel};

use crate::rng::{Rng, Weighted};

/// Shanxi (山西省).
pub const SHANXI: u32 = 140000;

/// Relative industrial weight of Shanxi's eleven cities (illustrative, not statistics).
const CITY_WEIGHTS: [(u32, f64); 11] = [
    (140100, 3.0), // 太原
    (140200, 1.2), // 大同
    (140300, 0.8), // 阳泉
    (140400, 1.6), // 长治
    (140500, 1.3), // 晋城
    (140600, 0.9), // 朔州
    (140700, 1.5), // 晋中
    (140800, 1.4), // 运城
    (140900, 0.8), // 忻州
    (141000, 1.2), // 临汾
    (141100, 1.3), // 吕梁
];

/// Provinces that supply Shanxi firms, with relative weights.
const SUPPLIER_PROVINCES: [(u32, f64); 14] = [
    (110000, 1.0),
    (120000, 1.0),
    (130000, 2.0),
    (150000, 1.5),
    (210000, 0.8),
    (310000, 1.5),
    (320000, 3.0),
    (330000, 2.5),
    (340000, 1.0),
    (370000, 2.5),
    (410000, 2.0),
    (440000, 3.0),
    (510000, 0.8),
    (610000, 1.5),
];

#[derive(Debug, Clone)]
pub struct City {
    pub code: RegionCode,
    pub weight: f64,
    pub counties: Vec<RegionCode>,
    county_weights: Weighted,
}

#[derive(Debug, Clone)]
pub struct Geography {
    pub cities: Vec<City>,
    city_weights: Weighted,
    suppliers: Vec<(RegionCode, Vec<RegionCode>)>,
    supplier_weights: Weighted,
}

/// County digits 01–20 are city districts (more industry), 71–79 functional zones.
fn county_weight(code: RegionCode) -> f64 {
    match code.as_u32() % 100 {
        1..=20 => 1.5,
        71..=79 => 1.2,
        81..=99 => 1.2,
        _ => 1.0,
    }
}

fn counties_below(parent: RegionCode) -> Vec<RegionCode> {
    RegionCode::all()
        .iter()
        .filter(|r| r.level == RegionLevel::County && r.code.is_within(parent))
        .map(|r| r.code)
        .collect()
}

impl Geography {
    pub fn shanxi() -> Self {
        let cities: Vec<City> = CITY_WEIGHTS
            .iter()
            .filter_map(|&(code, weight)| {
                let code = RegionCode::from_u32(code).ok()?;
                let counties: Vec<RegionCode> = code.children().collect();
                let county_weights = Weighted::new(counties.iter().map(|&c| county_weight(c)));
                Some(City {
                    code,
                    weight,
                    counties,
                    county_weights,
                })
            })
            .collect();
        let city_weights = Weighted::new(cities.iter().map(|c| c.weight));
        let suppliers: Vec<(RegionCode, Vec<RegionCode>)> = SUPPLIER_PROVINCES
            .iter()
            .filter_map(|&(code, _)| {
                let province = RegionCode::from_u32(code).ok()?;
                let counties: Vec<RegionCode> = counties_below(province)
                    .into_iter()
                    .filter(|c| !c.record().functional_zone)
                    .collect();
                Some((province, counties))
            })
            .collect();
        let supplier_weights = Weighted::new(SUPPLIER_PROVINCES.iter().map(|&(_, w)| w));
        Geography {
            cities,
            city_weights,
            suppliers,
            supplier_weights,
        }
    }

    pub fn city(&self, code: RegionCode) -> Option<&City> {
        self.cities.iter().find(|c| c.code == code)
    }

    /// A county of a city drawn by the city's industrial weight.
    pub fn any_city(&self, rng: &mut Rng) -> &City {
        &self.cities[self.city_weights.sample(rng).unwrap_or(0)]
    }

    pub fn county_in(&self, city: &City, rng: &mut Rng) -> RegionCode {
        city.counties[city.county_weights.sample(rng).unwrap_or(0)]
    }

    /// A county outside Shanxi for a supplier.
    pub fn outside_county(&self, rng: &mut Rng) -> RegionCode {
        let (_, counties) = &self.suppliers[self.supplier_weights.sample(rng).unwrap_or(0)];
        *rng.pick(counties)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanxi_has_its_eleven_real_cities_with_counties() {
        let geography = Geography::shanxi();
        assert_eq!(geography.cities.len(), 11);
        assert_eq!(geography.cities[0].code.name(), "太原市");
        assert!(geography.cities.iter().all(|c| !c.counties.is_empty()));
        let mut rng = Rng::new(3);
        for _ in 0..1000 {
            let county = geography.outside_county(&mut rng);
            assert_ne!(county.province().as_u32(), SHANXI);
        }
    }
}
