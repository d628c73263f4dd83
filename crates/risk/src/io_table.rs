//! Input-output linkages of a sector × sector table (Miller & Blair 2009, *Input-Output
//! Analysis*, 2nd ed., ch. 2, 12): technical and allocation coefficients, the Leontief inverse
//! `L = (I − A)⁻¹` and the Ghosh inverse `G = (I − B)⁻¹`, output multipliers, Rasmussen's
//! normalised backward and forward linkages and hypothetical extraction.
//!
//! Sector tables have at most a few hundred sectors: a dense LU with partial pivoting is enough.

/// A dense square matrix, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct SquareMatrix {
    n: usize,
    data: Vec<f64>,
}

impl SquareMatrix {
    pub fn identity(n: usize) -> Self {
        let mut data = vec![0.0; n * n];
        for i in 0..n {
            data[i * n + i] = 1.0;
        }
        SquareMatrix { n, data }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    pub fn get(&self, row: usize, column: usize) -> f64 {
        self.data[row * self.n + column]
    }

    /// Row-major values.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    /// `M·v`.
    pub fn mul_vec(&self, v: &[f64]) -> Vec<f64> {
        self.data
            .chunks_exact(self.n)
            .map(|row| row.iter().zip(v).map(|(a, b)| a * b).sum())
            .collect()
    }

    /// `v'·M`.
    pub fn vec_mul(&self, v: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.n];
        for (row, &weight) in self.data.chunks_exact(self.n).zip(v) {
            for (o, &a) in out.iter_mut().zip(row) {
                *o += weight * a;
            }
        }
        out
    }

    pub fn column_sums(&self) -> Vec<f64> {
        self.vec_mul(&vec![1.0; self.n])
    }

    pub fn row_sums(&self) -> Vec<f64> {
        self.mul_vec(&vec![1.0; self.n])
    }

    /// `(I − self)⁻¹` by LU with partial pivoting.
    fn leontief_type_inverse(&self) -> Result<SquareMatrix, IoError> {
        let n = self.n;
        let mut lu = SquareMatrix::identity(n).data;
        for (cell, &a) in lu.iter_mut().zip(&self.data) {
            *cell -= a;
        }
        let mut pivot: Vec<usize> = (0..n).collect();
        for k in 0..n {
            let (best, magnitude) = (k..n)
                .map(|r| (r, lu[r * n + k].abs()))
                .fold((k, -1.0), |acc, cur| if cur.1 > acc.1 { cur } else { acc });
            if magnitude <= f64::EPSILON * n as f64 {
                return Err(IoError::Singular { column: k });
            }
            if best != k {
                for c in 0..n {
                    lu.swap(k * n + c, best * n + c);
                }
                pivot.swap(k, best);
            }
            let diagonal = lu[k * n + k];
            for r in k + 1..n {
                let factor = lu[r * n + k] / diagonal;
                lu[r * n + k] = factor;
                if factor != 0.0 {
                    for c in k + 1..n {
                        lu[r * n + c] -= factor * lu[k * n + c];
                    }
                }
            }
        }
        // Solve for each column of the identity, permuted.
        let mut inverse = vec![0.0; n * n];
        let mut column = vec![0.0; n];
        for j in 0..n {
            for (r, value) in column.iter_mut().enumerate() {
                *value = if pivot[r] == j { 1.0 } else { 0.0 };
            }
            for r in 0..n {
                let mut sum = column[r];
                for c in 0..r {
                    sum -= lu[r * n + c] * column[c];
                }
                column[r] = sum;
            }
            for r in (0..n).rev() {
                let mut sum = column[r];
                for c in r + 1..n {
                    sum -= lu[r * n + c] * column[c];
                }
                column[r] = sum / lu[r * n + r];
            }
            for r in 0..n {
                inverse[r * n + j] = column[r];
            }
        }
        Ok(SquareMatrix { n, data: inverse })
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IoError {
    #[error(
        "input-output table: {flows} flows and {final_demand} final-demand values for {sectors} sectors (expected sectors² and sectors)"
    )]
    Shape {
        sectors: usize,
        flows: usize,
        final_demand: usize,
    },
    #[error(
        "input-output table: sector {sector} has {value} in row {row}: values must be finite and flows non-negative"
    )]
    BadValue {
        sector: usize,
        row: usize,
        value: f64,
    },
    #[error(
        "input-output table: sector {sector} has total output {output}; coefficients need a positive output"
    )]
    NonPositiveOutput { sector: usize, output: f64 },
    #[error("input-output table: I − A is singular (no usable pivot in column {column})")]
    Singular { column: usize },
}

/// An input-output table: intermediate flows `Z` (row = selling sector, column = buying sector)
/// and final demand `y`. Total output is `x = Z·1 + y` and value added `v' = x' − 1'Z`, which
/// balances the table by construction.
#[derive(Debug, Clone, PartialEq)]
pub struct InputOutputTable {
    flows: SquareMatrix,
    final_demand: Vec<f64>,
    output: Vec<f64>,
    value_added: Vec<f64>,
}

/// Linkage measures per sector.
#[derive(Debug, Clone, PartialEq)]
pub struct Linkages {
    /// Output multiplier: column sum of `L` (output of all sectors per unit of final demand).
    pub output_multiplier: Vec<f64>,
    /// Rasmussen's normalised backward linkage: `n·(1'L)_j / 1'L1`; above 1 = above average.
    pub backward: Vec<f64>,
    /// Normalised forward linkage from the Ghosh inverse: `n·(G1)_i / 1'G1` (Miller & Blair
    /// 2009, §12.1.2 recommend `G` over `L` row sums for forward linkages).
    pub forward: Vec<f64>,
    /// Hypothetical extraction: total output lost, `1'x − 1'x̄`, when the sector is removed
    /// whole (its row and column of `A` and its final demand; Miller & Blair 2009, §12.2.1).
    pub extraction_loss: Vec<f64>,
    /// `extraction_loss / 1'x`.
    pub extraction_share: Vec<f64>,
}

impl InputOutputTable {
    /// `flows` is `Z` row-major (`n × n`), `final_demand` is `y` (`n`).
    pub fn new(sectors: usize, flows: Vec<f64>, final_demand: Vec<f64>) -> Result<Self, IoError> {
        if flows.len() != sectors * sectors || final_demand.len() != sectors {
            return Err(IoError::Shape {
                sectors,
                flows: flows.len(),
                final_demand: final_demand.len(),
            });
        }
        for (index, &value) in flows.iter().enumerate() {
            if !(value.is_finite() && value >= 0.0) {
                return Err(IoError::BadValue {
                    row: index / sectors,
                    sector: index % sectors,
                    value,
                });
            }
        }
        if let Some((sector, &value)) = final_demand
            .iter()
            .enumerate()
            .find(|(_, v)| !v.is_finite())
        {
            return Err(IoError::BadValue {
                sector,
                row: sectors,
                value,
            });
        }
        let flows = SquareMatrix {
            n: sectors,
            data: flows,
        };
        let output: Vec<f64> = flows
            .row_sums()
            .iter()
            .zip(&final_demand)
            .map(|(z, y)| z + y)
            .collect();
        if let Some((sector, &output)) = output
            .iter()
            .enumerate()
            .find(|(_, x)| x.is_nan() || **x <= 0.0)
        {
            return Err(IoError::NonPositiveOutput { sector, output });
        }
        let value_added = output
            .iter()
            .zip(flows.column_sums())
            .map(|(x, z)| x - z)
            .collect();
        Ok(InputOutputTable {
            flows,
            final_demand,
            output,
            value_added,
        })
    }

    pub fn sectors(&self) -> usize {
        self.flows.n
    }

    /// Total output `x = Z·1 + y`.
    pub fn output(&self) -> &[f64] {
        &self.output
    }

    /// Value added `v' = x' − 1'Z`.
    pub fn value_added(&self) -> &[f64] {
        &self.value_added
    }

    pub fn final_demand(&self) -> &[f64] {
        &self.final_demand
    }

    /// Technical coefficients `A = Z·diag(x)⁻¹` (inputs per unit of the buyer's output).
    pub fn technical_coefficients(&self) -> SquareMatrix {
        let n = self.sectors();
        let mut data = self.flows.data.clone();
        for (index, value) in data.iter_mut().enumerate() {
            *value /= self.output[index % n];
        }
        SquareMatrix { n, data }
    }

    /// Allocation coefficients `B = diag(x)⁻¹·Z` (sales per unit of the seller's output).
    pub fn allocation_coefficients(&self) -> SquareMatrix {
        let n = self.sectors();
        let mut data = self.flows.data.clone();
        for (index, value) in data.iter_mut().enumerate() {
            *value /= self.output[index / n];
        }
        SquareMatrix { n, data }
    }

    /// Leontief inverse `L = (I − A)⁻¹`: `x = L·y`.
    pub fn leontief_inverse(&self) -> Result<SquareMatrix, IoError> {
        self.technical_coefficients().leontief_type_inverse()
    }

    /// Ghosh inverse `G = (I − B)⁻¹`: `x' = v'·G`.
    pub fn ghosh_inverse(&self) -> Result<SquareMatrix, IoError> {
        self.allocation_coefficients().leontief_type_inverse()
    }

    /// Output after the complete hypothetical extraction of `sector`: row and column `sector` of
    /// `A` and its final demand removed, `x̄ = (I − Ā)⁻¹·ȳ` (0 at `sector`). Uses the block
    /// inverse `(I − Ā)⁻¹ = L₋ₖ₋ₖ − L₋ₖₖ·Lₖ₋ₖ / Lₖₖ`, so each sector costs O(n²) given `L`.
    pub fn extracted_output(&self, leontief: &SquareMatrix, sector: usize) -> Vec<f64> {
        let n = self.sectors();
        let k = sector;
        let y = &self.final_demand;
        // Lₖ₋ₖ·ȳ
        let through_k: f64 = (0..n)
            .filter(|&c| c != k)
            .map(|c| leontief.get(k, c) * y[c])
            .sum();
        let pivot = leontief.get(k, k);
        (0..n)
            .map(|r| {
                if r == k {
                    return 0.0;
                }
                let direct: f64 = (0..n)
                    .filter(|&c| c != k)
                    .map(|c| leontief.get(r, c) * y[c])
                    .sum();
                direct - leontief.get(r, k) * through_k / pivot
            })
            .collect()
    }

    pub fn linkages(&self) -> Result<Linkages, IoError> {
        let n = self.sectors() as f64;
        let leontief = self.leontief_inverse()?;
        let ghosh = self.ghosh_inverse()?;
        let output_multiplier = leontief.column_sums();
        let total_l: f64 = output_multiplier.iter().sum();
        let backward = output_multiplier.iter().map(|m| n * m / total_l).collect();
        let ghosh_rows = ghosh.row_sums();
        let total_g: f64 = ghosh_rows.iter().sum();
        let forward = ghosh_rows.iter().map(|r| n * r / total_g).collect();
        let total_output: f64 = self.output.iter().sum();
        let extraction_loss: Vec<f64> = (0..self.sectors())
            .map(|k| total_output - self.extracted_output(&leontief, k).iter().sum::<f64>())
            .collect();
        let extraction_share = extraction_loss.iter().map(|t| t / total_output).collect();
        Ok(Linkages {
            output_multiplier,
            backward,
            forward,
            extraction_loss,
            extraction_share,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Miller & Blair 2009, §2.3 two-sector example: Z = [[150, 500], [200, 100]], y = [350, 1700].
    fn miller_blair() -> InputOutputTable {
        InputOutputTable::new(2, vec![150.0, 500.0, 200.0, 100.0], vec![350.0, 1700.0]).unwrap()
    }

    #[test]
    fn textbook_example() {
        let io = miller_blair();
        assert_eq!(io.output(), &[1000.0, 2000.0]);
        let a = io.technical_coefficients();
        assert!((a.get(0, 1) - 0.25).abs() < 1e-15 && (a.get(1, 0) - 0.2).abs() < 1e-15);
        let l = io.leontief_inverse().unwrap();
        // L = [[1.254, 0.330], [0.264, 1.122]] to three decimals (Miller & Blair eq. 2.14).
        for (got, want) in l.as_slice().iter().zip([1.254, 0.330, 0.264, 1.122]) {
            assert!((got - want).abs() < 5e-4, "{got} vs {want}");
        }
        let x = l.mul_vec(io.final_demand());
        assert!((x[0] - 1000.0).abs() < 1e-9 && (x[1] - 2000.0).abs() < 1e-9);
        let g = io.ghosh_inverse().unwrap();
        let xg = g.vec_mul(io.value_added());
        assert!((xg[0] - 1000.0).abs() < 1e-9 && (xg[1] - 2000.0).abs() < 1e-9);
    }

    #[test]
    fn extraction_matches_a_direct_solve() {
        let io = InputOutputTable::new(
            3,
            vec![10.0, 20.0, 5.0, 30.0, 5.0, 25.0, 8.0, 12.0, 4.0],
            vec![60.0, 40.0, 80.0],
        )
        .unwrap();
        let l = io.leontief_inverse().unwrap();
        let a = io.technical_coefficients();
        for k in 0..3 {
            // Direct: drop sector k and solve the 2×2 system.
            let keep: Vec<usize> = (0..3).filter(|&s| s != k).collect();
            let z: Vec<f64> = keep
                .iter()
                .flat_map(|&r| keep.iter().map(move |&c| (r, c)))
                .map(|(r, c)| a.get(r, c))
                .collect();
            let sub = SquareMatrix { n: 2, data: z };
            let inverse = sub.leontief_type_inverse().unwrap();
            let y: Vec<f64> = keep.iter().map(|&s| io.final_demand()[s]).collect();
            let direct = inverse.mul_vec(&y);
            let block = io.extracted_output(&l, k);
            for (position, &s) in keep.iter().enumerate() {
                assert!((block[s] - direct[position]).abs() < 1e-9);
            }
            assert_eq!(block[k], 0.0);
        }
        let linkages = io.linkages().unwrap();
        let mean: f64 = linkages.backward.iter().sum::<f64>() / 3.0;
        assert!((mean - 1.0).abs() < 1e-12);
        assert!(
            linkages
                .extraction_share
                .iter()
                .all(|s| *s > 0.0 && *s < 1.0)
        );
    }

    #[test]
    fn bad_tables_are_refused() {
        assert!(matches!(
            InputOutputTable::new(2, vec![1.0; 3], vec![1.0; 2]),
            Err(IoError::Shape { .. })
        ));
        assert!(matches!(
            InputOutputTable::new(2, vec![1.0, -1.0, 1.0, 1.0], vec![1.0; 2]),
            Err(IoError::BadValue {
                row: 0,
                sector: 1,
                ..
            })
        ));
        assert!(matches!(
            InputOutputTable::new(2, vec![0.0; 4], vec![1.0, 0.0]),
            Err(IoError::NonPositiveOutput { sector: 1, .. })
        ));
    }
}
