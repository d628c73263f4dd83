//! `stata` mode against the golden values the spec quotes for trade_1995.csv (T = 1).

use relate::{Complexity, Options};

use crate::common::{close, trade_1995};

#[test]
fn stata_mode_reproduces_the_growth_lab_golden_values() {
    let Some(matrix) = trade_1995() else { return };
    let r = Complexity::compute(&matrix, &Options::default()).unwrap();
    let loc = |l: &str| r.location_index(l).unwrap();
    let ind = |i: &str| r.industry_index(i).unwrap();
    let checks = [
        ("ECI aut", r.eci[loc("aut")], 1.073207217992253),
        ("ECI blx", r.eci[loc("blx")], -0.3159764634559932),
        ("PCI 1704", r.pci[ind("1704")], -1.470491886427003),
        ("PCI 1806", r.pci[ind("1806")], 0.9898334389413032),
        (
            "density aut/1704",
            r.density.get(loc("aut"), ind("1704")),
            0.4624999999999999,
        ),
        (
            "density aut/1806",
            r.density.get(loc("aut"), ind("1806")),
            0.483619344773791,
        ),
        ("COI aut", r.coi[loc("aut")], -0.9940121728867501),
        ("COI blx", r.coi[loc("blx")], 1.073851078082253),
        (
            "COG aut/1704",
            r.cog.get(loc("aut"), ind("1704")),
            -0.6248181469470029,
        ),
        (
            "COG aut/1806",
            r.cog.get(loc("aut"), ind("1806")),
            -0.2744855294705304,
        ),
        (
            "COG blx/3917",
            r.cog.get(loc("blx"), ind("3917")),
            0.5761814670034898,
        ),
    ];
    for (what, got, want) in checks {
        assert!(close(got, want, 1e-6), "{what}: got {got}, want {want}");
    }
    assert_eq!(r.locations.len(), 10);
    assert_eq!(r.industries.len(), 30);
    assert!(r.excluded_locations.is_empty() && r.excluded_industries.is_empty());
}
