//! Place names for coordinates, offline, from GeoNames (geonames.org,
//! CC BY 4.0): the table of places with more than 1,000 people (about
//! 145,000) that the reverse_geocoder crate ships inside itself, in a k-d
//! tree, and beside it the populations of the 34,000 places over 15,000
//! people (`data/cities15000.tsv`, made by scripts/make-places-data.py).
//!
//! The nearest town alone puts the Eiffel Tower in Neuilly-sur-Seine: a
//! city's point is its centre, and suburbs' points are closer to much of
//! it. So the place chosen is the one that scores best on size and
//! nearness: log10(population) − distance in km / 2, over the nearest town
//! and the large places within [`CITY_REACH_KM`]. A village you stand in
//! still wins over a city 6 km away; a city's centre 4 km away wins over
//! the suburb 3 km away. Built on first use (some hundred milliseconds),
//! then shared.

use std::collections::HashMap;
use std::sync::OnceLock;

use reverse_geocoder::ReverseGeocoder;

/// Beyond this distance from the nearest town the point is somewhere else
/// (out at sea, in a desert) and gets no name rather than a wrong one.
const MAX_DISTANCE_KM: f64 = 50.0;
const EARTH_RADIUS_KM: f64 = 6371.0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub city: String,
    /// The first-level division: a state, a prefecture, a région.
    pub region: String,
    pub country: String,
}

impl Place {
    /// "Kyoto, Kyoto, Japan"; parts that repeat the one before are kept, as
    /// they name different things (a city and its prefecture).
    pub fn name(&self) -> String {
        [&self.city, &self.region, &self.country]
            .into_iter()
            .filter(|part| !part.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How far a large place may be and still be chosen over a nearer town.
const CITY_REACH_KM: f64 = 20.0;
/// Grid cells of the large places, in degrees.
const CELL_DEGREES: f64 = 0.5;
/// What a town of the small table counts as when it is not a large place.
const SMALL_TOWN_POPULATION: f64 = 1000.0;

fn geocoder() -> &'static ReverseGeocoder {
    static GEOCODER: OnceLock<ReverseGeocoder> = OnceLock::new();
    GEOCODER.get_or_init(ReverseGeocoder::new)
}

struct City {
    name: &'static str,
    latitude: f64,
    longitude: f64,
    population: f64,
}

/// The large places, by grid cell.
fn cities() -> &'static HashMap<(i32, i32), Vec<City>> {
    static CITIES: OnceLock<HashMap<(i32, i32), Vec<City>>> = OnceLock::new();
    CITIES.get_or_init(|| {
        let mut grid: HashMap<(i32, i32), Vec<City>> = HashMap::new();
        let table = include_str!("../../data/cities15000.tsv");
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            let (Some(name), Some(lat), Some(lon), Some(population)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let (Ok(latitude), Ok(longitude), Ok(population)) =
                (lat.parse(), lon.parse(), population.parse())
            else {
                continue;
            };
            grid.entry(cell(latitude, longitude))
                .or_default()
                .push(City {
                    name,
                    latitude,
                    longitude,
                    population,
                });
        }
        grid
    })
}

fn cell(latitude: f64, longitude: f64) -> (i32, i32) {
    (
        (latitude / CELL_DEGREES).floor() as i32,
        (longitude / CELL_DEGREES).floor() as i32,
    )
}

/// Great-circle distance in km.
fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

fn score(population: f64, distance_km: f64) -> f64 {
    population.max(1.0).log10() - distance_km / 2.0
}

/// The large place that scores best near a point, with its score.
fn best_city(latitude: f64, longitude: f64) -> Option<(&'static City, f64)> {
    let (row, column) = cell(latitude, longitude);
    let grid = cities();
    let mut best: Option<(&City, f64)> = None;
    for r in row - 1..=row + 1 {
        for c in column - 1..=column + 1 {
            for city in grid.get(&(r, c)).into_iter().flatten() {
                let distance = distance_km((latitude, longitude), (city.latitude, city.longitude));
                if distance > CITY_REACH_KM {
                    continue;
                }
                let scored = score(city.population, distance);
                if best.is_none_or(|(_, s)| scored > s) {
                    best = Some((city, scored));
                }
            }
        }
    }
    best
}

/// The nearest town to a point, with its region and country; `None` far
/// from any.
pub fn place_of(latitude: f64, longitude: f64) -> Option<Place> {
    if !(latitude.is_finite() && longitude.is_finite()) {
        return None;
    }
    let found = geocoder().search((latitude, longitude));
    // The tree measures squared straight-line distance on a unit sphere.
    let nearest_km = found.distance.max(0.0).sqrt() * EARTH_RADIUS_KM;
    if nearest_km > MAX_DISTANCE_KM {
        return None;
    }
    let town = found.record;
    let town_population = cities()
        .get(&cell(town.lat, town.lon))
        .into_iter()
        .flatten()
        .find(|c| c.name == town.name)
        .map_or(SMALL_TOWN_POPULATION, |c| c.population);
    let town_score = score(
        town_population,
        distance_km((latitude, longitude), (town.lat, town.lon)),
    );
    let record = match best_city(latitude, longitude) {
        Some((city, city_score)) if city_score > town_score && city.name != town.name => {
            // The city's own record, for its region and country.
            let own = geocoder().search((city.latitude, city.longitude)).record;
            return Some(Place {
                city: city.name.to_string(),
                region: own.admin1.clone(),
                country: country_name(&own.cc),
            });
        }
        _ => town,
    };
    Some(Place {
        city: record.name.clone(),
        region: record.admin1.clone(),
        country: country_name(&record.cc),
    })
}

fn country_name(code: &str) -> String {
    isocountry::CountryCode::for_alpha2(code)
        .map(|c| common_name(c.name()).to_string())
        .unwrap_or_else(|_| code.to_string())
}

/// ISO 3166's formal names as people say them.
fn common_name(iso: &str) -> &str {
    match iso {
        "United States of America" => "United States",
        "United Kingdom of Great Britain and Northern Ireland" => "United Kingdom",
        "Korea (Republic of)" => "South Korea",
        "Russian Federation" => "Russia",
        "Viet Nam" => "Vietnam",
        "Iran (Islamic Republic of)" => "Iran",
        "Taiwan, Province of China" => "Taiwan",
        "Netherlands" | "Netherlands, Kingdom of the" => "Netherlands",
        "Bolivia (Plurinational State of)" => "Bolivia",
        "Venezuela (Bolivarian Republic of)" => "Venezuela",
        "Tanzania, United Republic of" => "Tanzania",
        "Czechia" => "Czechia",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landmarks_are_in_their_cities() {
        let eiffel = place_of(48.8584, 2.2945).unwrap();
        assert_eq!(eiffel.city, "Paris");
        assert_eq!(eiffel.country, "France");
        let kyoto = place_of(35.0116, 135.7681).unwrap();
        assert_eq!(kyoto.city, "Kyoto");
        assert_eq!(kyoto.country, "Japan");
        // Standing in a suburb, it is the suburb.
        assert_eq!(place_of(48.8846, 2.2697).unwrap().city, "Neuilly-sur-Seine");
        // The middle of the Pacific is nowhere.
        assert_eq!(place_of(-30.0, -140.0), None);
    }
}
