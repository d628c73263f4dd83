//! A dense row-major matrix of `f64`: the one shape every measure in this crate comes in
//! (location × industry, or industry × industry).

/// Dense row-major matrix. Row `i` is `data[i * cols..(i + 1) * cols]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// A `rows × cols` matrix filled with `value`.
    pub fn filled(rows: usize, cols: usize, value: f64) -> Self {
        Self {
            rows,
            cols,
            data: vec![value; rows * cols],
        }
    }

    /// Wraps row-major `data`; `None` when its length is not `rows * cols`.
    pub fn from_row_major(rows: usize, cols: usize, data: Vec<f64>) -> Option<Self> {
        (rows.checked_mul(cols) == Some(data.len())).then_some(Self { rows, cols, data })
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Entry `(i, j)`. Panics when out of range, like slice indexing.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.cols + j]
    }

    pub fn set(&mut self, i: usize, j: usize, value: f64) {
        self.data[i * self.cols + j] = value;
    }

    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    pub fn row_mut(&mut self, i: usize) -> &mut [f64] {
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// All entries, row after row.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    pub fn into_vec(self) -> Vec<f64> {
        self.data
    }

    /// The transpose, as a new matrix.
    pub fn transpose(&self) -> Matrix {
        let mut out = Matrix::filled(self.cols, self.rows, 0.0);
        for i in 0..self.rows {
            for (j, &v) in self.row(i).iter().enumerate() {
                out.data[j * self.rows + i] = v;
            }
        }
        out
    }

    /// Calls `f(i, row i)` for every row. With the `parallel` feature the rows are shared out
    /// over rayon's pool; each row is computed the same way either way, so results are
    /// identical.
    pub(crate) fn for_each_row_mut(&mut self, f: impl Fn(usize, &mut [f64]) + Sync + Send) {
        if self.cols == 0 {
            return;
        }
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            self.data
                .par_chunks_mut(self.cols)
                .enumerate()
                .for_each(|(i, row)| f(i, row));
        }
        #[cfg(not(feature = "parallel"))]
        self.data
            .chunks_mut(self.cols)
            .enumerate()
            .for_each(|(i, row)| f(i, row));
    }

    /// Like [`Self::for_each_row_mut`], over the rows of two matrices with the same number of
    /// rows and columns side by side.
    pub(crate) fn for_each_row_pair_mut(
        &mut self,
        other: &mut Matrix,
        f: impl Fn(usize, &mut [f64], &mut [f64]) + Sync + Send,
    ) {
        debug_assert_eq!((self.rows, self.cols), (other.rows, other.cols));
        if self.cols == 0 {
            return;
        }
        let cols = self.cols;
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            self.data
                .par_chunks_mut(cols)
                .zip(other.data.par_chunks_mut(cols))
                .enumerate()
                .for_each(|(i, (a, b))| f(i, a, b));
        }
        #[cfg(not(feature = "parallel"))]
        self.data
            .chunks_mut(cols)
            .zip(other.data.chunks_mut(cols))
            .enumerate()
            .for_each(|(i, (a, b))| f(i, a, b));
    }

    /// Sum of each row.
    pub fn row_sums(&self) -> Vec<f64> {
        (0..self.rows).map(|i| self.row(i).iter().sum()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpose_swaps_indices() {
        let m = Matrix::from_row_major(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
        let t = m.transpose();
        assert_eq!((t.rows(), t.cols()), (3, 2));
        for i in 0..2 {
            for j in 0..3 {
                assert_eq!(m.get(i, j), t.get(j, i));
            }
        }
        assert_eq!(m.row_sums(), vec![6.0, 15.0]);
        assert!(Matrix::from_row_major(2, 2, vec![0.0; 3]).is_none());
    }
}
