//! `chainchief version`.

use model::{IndustryCode, RegionCode};

pub fn run() -> anyhow::Result<()> {
    println!("chainchief {}", env!("CARGO_PKG_VERSION"));
    println!(
        "reference data: {} GB/T 2260 divisions (2023 statistical codes), {} GB/T 4754-2017 codes",
        RegionCode::all().len(),
        IndustryCode::all().count()
    );
    Ok(())
}
