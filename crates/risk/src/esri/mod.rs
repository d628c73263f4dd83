//! Economic Systemic Risk Index (Diem, Borsos, Reisch, Kertész, Thurner, Sci. Rep. 2022) as
//! specified in `shared/specs/esri.md`: synchronous downstream/upstream cascades with optional
//! supplier replaceability, one cascade per closed firm ("closure"), or one cascade for any
//! capacity vector `psi` (what-if scenarios).

mod cascade;
mod model;
mod sweep;

use std::sync::atomic::{AtomicUsize, Ordering};

use cascade::Workspace;
pub use cascade::{CascadeOptions, Convergence};
pub use model::{EsriError, EsriModel};

/// The ESRI of closing one firm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EsriResult {
    pub firm: u32,
    /// `Σ_j w[j]·(1 − min(hd[j], hu[j])) / Σ w` — the share of output lost.
    pub esri: f64,
    /// The same with the downstream state `hd` alone.
    pub esri_down: f64,
    /// The same with the upstream state `hu` alone.
    pub esri_up: f64,
    pub convergence: Convergence,
}

/// A firm's capacity after the initial shock (`psi`): 0 shuts it down, 0.6 keeps 60 %.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shock {
    pub firm: u32,
    pub capacity: f64,
}

/// The final state of one cascade.
#[derive(Debug, Clone, PartialEq)]
pub struct Cascade {
    /// Downstream production level per firm (1 = unaffected).
    pub hd: Vec<f64>,
    /// Upstream production level per firm.
    pub hu: Vec<f64>,
    pub convergence: Convergence,
}

impl Cascade {
    /// `h = min(hd, hu)` of firm `i`.
    pub fn level(&self, i: usize) -> f64 {
        self.hd[i].min(self.hu[i])
    }
}

impl EsriModel {
    /// The ESRI of closing `firm` (`psi = 1` except `psi[firm] = 0`).
    pub fn esri(&self, firm: u32, options: &CascadeOptions) -> Result<EsriResult, EsriError> {
        self.check(options)?;
        self.check_firm(firm)?;
        let mut workspace = Workspace::new(self);
        Ok(self.closure(&mut workspace, firm, options))
    }

    /// The ESRI of closing each firm in `firms`, in that order, on `threads` worker threads
    /// (1: the caller's thread; 0: one per core). `progress` is called once per finished closure.
    pub fn esri_closures(
        &self,
        firms: &[u32],
        options: &CascadeOptions,
        threads: usize,
        progress: Option<&(dyn Fn() + Sync)>,
    ) -> Result<Vec<EsriResult>, EsriError> {
        self.check(options)?;
        for &firm in firms {
            self.check_firm(firm)?;
        }
        let tick = || {
            if let Some(progress) = progress {
                progress();
            }
        };
        if threads == 1 || firms.len() <= 1 {
            let mut workspace = Workspace::new(self);
            return Ok(firms
                .iter()
                .map(|&firm| {
                    let result = self.closure(&mut workspace, firm, options);
                    tick();
                    result
                })
                .collect());
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|error| EsriError::ThreadPool {
                threads,
                message: error.to_string(),
            })?;
        // Each worker owns one workspace and takes the next closure from a shared counter: the
        // workspace is allocated once per thread, and the load balances itself.
        let next = AtomicUsize::new(0);
        let parts: Vec<Vec<(usize, EsriResult)>> = pool.broadcast(|_| {
            let mut workspace = Workspace::new(self);
            let mut done = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(&firm) = firms.get(index) else {
                    return done;
                };
                done.push((index, self.closure(&mut workspace, firm, options)));
                tick();
            }
        });
        let mut results: Vec<Option<EsriResult>> = vec![None; firms.len()];
        for (index, result) in parts.into_iter().flatten() {
            results[index] = Some(result);
        }
        // Every index below firms.len() was taken by exactly one worker.
        Ok(results.into_iter().flatten().collect())
    }

    /// One cascade from an arbitrary initial shock (firms not named keep `psi = 1`).
    pub fn cascade(
        &self,
        shocks: &[Shock],
        options: &CascadeOptions,
    ) -> Result<Cascade, EsriError> {
        self.check_eps(options)?;
        let mut pairs = Vec::with_capacity(shocks.len());
        for shock in shocks {
            self.check_firm(shock.firm)?;
            if !(0.0..=1.0).contains(&shock.capacity) {
                return Err(EsriError::BadCapacity {
                    firm: shock.firm,
                    value: shock.capacity,
                });
            }
            pairs.push((shock.firm, shock.capacity));
        }
        let mut workspace = Workspace::new(self);
        let convergence = workspace.run(&pairs, options);
        Ok(Cascade {
            hd: std::mem::take(&mut workspace.hd),
            hu: std::mem::take(&mut workspace.hu),
            convergence,
        })
    }

    fn closure(
        &self,
        workspace: &mut Workspace<'_>,
        firm: u32,
        options: &CascadeOptions,
    ) -> EsriResult {
        let convergence = workspace.run(&[(firm, 0.0)], options);
        let (both, down, up) = workspace.losses();
        workspace.reset();
        EsriResult {
            firm,
            esri: both / self.weight_total,
            esri_down: down / self.weight_total,
            esri_up: up / self.weight_total,
            convergence,
        }
    }

    fn check(&self, options: &CascadeOptions) -> Result<(), EsriError> {
        self.check_eps(options)?;
        self.check_weights()
    }

    fn check_eps(&self, options: &CascadeOptions) -> Result<(), EsriError> {
        if options.eps.is_finite() && options.eps > 0.0 {
            Ok(())
        } else {
            Err(EsriError::BadEps { eps: options.eps })
        }
    }

    fn check_firm(&self, firm: u32) -> Result<(), EsriError> {
        if (firm as usize) < self.firms {
            Ok(())
        } else {
            Err(EsriError::FirmOutOfRange {
                firm,
                firms: self.firms,
            })
        }
    }
}
