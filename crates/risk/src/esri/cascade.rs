//! One cascade (Diem et al. 2022, Methods, "Economic systemic risk index"), computed by pushing
//! only what changed.
//!
//! The spec's iteration is synchronous: every step recomputes every firm from the previous state.
//! A firm's new value depends only on its suppliers' (downstream) or customers' (upstream) previous
//! values and on the market totals `A[q]`; when none of those changed, recomputing it returns the
//! value it already has. So each step only (1) pushes the change of each firm that changed in the
//! previous step into the loss sums of its neighbours, (2) refreshes `A[q]` for the markets those
//! firms belong to and pushes the new `sigma` of the damaged firms there, and (3) recomputes the
//! firms whose sums moved. The result is the synchronous iteration's result; the sums are
//! accumulated incrementally, so they differ from a from-scratch sum only by rounding.

use super::model::{EsriModel, MARKET_FLOOR};

/// Settings of one cascade run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CascadeOptions {
    /// Supplier replaceability within a market (spec step 4); on in the published setup.
    pub replaceability: bool,
    /// Convergence threshold on the largest decrease in one step (spec step 9).
    pub eps: f64,
    /// Safety stop; the iteration is reported as not converged when it is reached.
    pub max_iterations: u32,
}

impl Default for CascadeOptions {
    fn default() -> Self {
        CascadeOptions {
            replaceability: true,
            eps: 0.01,
            max_iterations: 1_000_000,
        }
    }
}

/// How a cascade ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Convergence {
    /// Steps taken, the last one included.
    pub iterations: u32,
    /// False when `max_iterations` stopped the run.
    pub converged: bool,
}

/// Per-thread scratch state, sized to the model once and reset after each cascade in time
/// proportional to what the cascade touched.
#[derive(Debug)]
pub(crate) struct Workspace<'m> {
    model: &'m EsriModel,
    pub(crate) psi: Vec<f64>,
    pub(crate) hd: Vec<f64>,
    pub(crate) hu: Vec<f64>,
    /// `sigma[i]·(1 − hd[i])` as last pushed to the customers' slots.
    contribution: Vec<f64>,
    /// `L[j][k]` (essential slots) and the linear sum, per customer.
    slots: Vec<f64>,
    /// `Σ_j Lu[i][j]·(1 − hu[j])` as last pushed.
    upstream_loss: Vec<f64>,
    tree: Vec<f64>,
    a: Vec<f64>,
    /// Firms of each market with `hd < 1`: only their `sigma` matters.
    damaged: Vec<Vec<u32>>,
    in_damaged: Vec<bool>,
    /// Every firm whose state may differ from the initial one, for the reset.
    pub(crate) touched: Vec<u32>,
    is_touched: Vec<bool>,
    touched_markets: Vec<u32>,
    market_touched: Vec<bool>,
    /// Per-step de-duplication stamps.
    epoch: u32,
    mark_down: Vec<u32>,
    mark_up: Vec<u32>,
    mark_candidate: Vec<u32>,
    mark_market: Vec<u32>,
    // Per-step lists, kept to reuse their allocations.
    changed_down: Vec<(u32, f64)>,
    changed_up: Vec<(u32, f64)>,
    next_down: Vec<(u32, f64)>,
    next_up: Vec<(u32, f64)>,
    dirty_down: Vec<u32>,
    dirty_up: Vec<u32>,
    step_markets: Vec<u32>,
    changed_markets: Vec<u32>,
}

impl<'m> Workspace<'m> {
    pub(crate) fn new(model: &'m EsriModel) -> Self {
        let n = model.firms;
        let markets = model.a_init.len();
        Workspace {
            model,
            psi: vec![1.0; n],
            hd: vec![1.0; n],
            hu: vec![1.0; n],
            contribution: vec![0.0; n],
            slots: vec![0.0; model.slot_owner.len()],
            upstream_loss: vec![0.0; n],
            tree: model.tree_init.clone(),
            a: model.a_init.clone(),
            damaged: vec![Vec::new(); markets],
            in_damaged: vec![false; n],
            touched: Vec::new(),
            is_touched: vec![false; n],
            touched_markets: Vec::new(),
            market_touched: vec![false; markets],
            epoch: 0,
            mark_down: vec![0; n],
            mark_up: vec![0; n],
            mark_candidate: vec![0; n],
            mark_market: vec![0; markets],
            changed_down: Vec::new(),
            changed_up: Vec::new(),
            next_down: Vec::new(),
            next_up: Vec::new(),
            dirty_down: Vec::new(),
            dirty_up: Vec::new(),
            step_markets: Vec::new(),
            changed_markets: Vec::new(),
        }
    }

    fn touch(&mut self, firm: u32) {
        if !self.is_touched[firm as usize] {
            self.is_touched[firm as usize] = true;
            self.touched.push(firm);
        }
    }

    fn next_epoch(&mut self) {
        if self.epoch == u32::MAX {
            for marks in [
                &mut self.mark_down,
                &mut self.mark_up,
                &mut self.mark_candidate,
                &mut self.mark_market,
            ] {
                marks.fill(0);
            }
            self.epoch = 0;
        }
        self.epoch += 1;
    }

    /// Runs the cascade from `hd = hu = psi`, where `psi` is 1 except for `shocks`
    /// (firm, capacity kept). Shock values are validated by the caller. Leaves the final state in
    /// `hd`/`hu` until [`Workspace::reset`].
    pub(crate) fn run(&mut self, shocks: &[(u32, f64)], options: &CascadeOptions) -> Convergence {
        self.changed_down.clear();
        self.changed_up.clear();
        for &(firm, capacity) in shocks {
            let i = firm as usize;
            // A firm named twice keeps the lower capacity.
            let capacity = capacity.min(self.psi[i]);
            self.touch(firm);
            if capacity < self.psi[i] {
                self.psi[i] = capacity;
            }
        }
        for &(firm, _) in shocks {
            let i = firm as usize;
            if self.psi[i] < self.hd[i] {
                // hd = hu = psi; the previous state is the undisturbed one.
                self.changed_down.push((firm, self.hd[i]));
                self.changed_up.push((firm, self.hu[i]));
                self.hd[i] = self.psi[i];
                self.hu[i] = self.psi[i];
            }
        }
        let mut iterations = 0;
        loop {
            iterations += 1;
            self.next_epoch();
            self.push_downstream(options.replaceability);
            self.push_upstream();
            let drop = self.update_downstream().max(self.update_upstream());
            std::mem::swap(&mut self.changed_down, &mut self.next_down);
            std::mem::swap(&mut self.changed_up, &mut self.next_up);
            if drop <= options.eps {
                return Convergence {
                    iterations,
                    converged: true,
                };
            }
            if iterations >= options.max_iterations {
                return Convergence {
                    iterations,
                    converged: false,
                };
            }
        }
    }

    /// Spec steps 4–5 for the firms whose `hd` or `sigma` changed in the previous step.
    fn push_downstream(&mut self, replaceability: bool) {
        let model = self.model;
        self.changed_markets.clear();
        // Damaged firms enter their market's list the first time `hd` falls below 1.
        for index in 0..self.changed_down.len() {
            let (firm, _) = self.changed_down[index];
            let i = firm as usize;
            if self.hd[i] < 1.0 && !self.in_damaged[i] {
                self.in_damaged[i] = true;
                self.damaged[model.market_of[i] as usize].push(firm);
            }
        }
        if replaceability {
            self.step_markets.clear();
            for index in 0..self.changed_down.len() {
                let (firm, _) = self.changed_down[index];
                let i = firm as usize;
                let q = model.market_of[i] as usize;
                // A[q] = Σ_{i: q[i]=q} hd[i]·s_out[i], kept as a sum tree so that it stays a
                // sum of non-negative terms (no cancellation) at O(log |q|) per change.
                let base = 2 * model.market_offsets[q];
                let len = model.market_offsets[q + 1] - model.market_offsets[q];
                let mut node = len + model.market_pos[i] as usize;
                self.tree[base + node] = self.hd[i] * model.s_out[i];
                while node > 1 {
                    node /= 2;
                    self.tree[base + node] =
                        self.tree[base + 2 * node] + self.tree[base + 2 * node + 1];
                }
                if self.mark_market[q] != self.epoch {
                    self.mark_market[q] = self.epoch;
                    self.step_markets.push(q as u32);
                }
            }
            for index in 0..self.step_markets.len() {
                let q = self.step_markets[index] as usize;
                let root = self.tree[2 * model.market_offsets[q] + 1];
                let a = if root <= MARKET_FLOOR { 1.0 } else { root };
                if a != self.a[q] {
                    self.a[q] = a;
                    self.changed_markets.push(q as u32);
                    if !self.market_touched[q] {
                        self.market_touched[q] = true;
                        self.touched_markets.push(q as u32);
                    }
                }
            }
        }
        for index in 0..self.changed_down.len() {
            let firm = self.changed_down[index].0;
            self.push_contribution(firm, replaceability);
        }
        for index in 0..self.changed_markets.len() {
            let q = self.changed_markets[index] as usize;
            for position in 0..self.damaged[q].len() {
                let firm = self.damaged[q][position];
                self.push_contribution(firm, replaceability);
            }
        }
    }

    fn push_contribution(&mut self, firm: u32, replaceability: bool) {
        let i = firm as usize;
        if self.mark_candidate[i] == self.epoch {
            return;
        }
        self.mark_candidate[i] = self.epoch;
        let model = self.model;
        let sigma = if replaceability {
            (model.s_out[i] / self.a[model.market_of[i] as usize]).min(1.0)
        } else {
            1.0
        };
        let contribution = sigma * (1.0 - self.hd[i]);
        let delta = contribution - self.contribution[i];
        if delta == 0.0 {
            return;
        }
        self.contribution[i] = contribution;
        for link in model.down_offsets[i]..model.down_offsets[i + 1] {
            let slot = model.down_slot[link] as usize;
            self.slots[slot] += model.down_weight[link] * delta;
            let owner = model.slot_owner[slot];
            if self.mark_down[owner as usize] != self.epoch {
                self.mark_down[owner as usize] = self.epoch;
                self.dirty_down.push(owner);
            }
        }
    }

    /// Spec step 8's sums for the suppliers of firms whose `hu` changed in the previous step.
    fn push_upstream(&mut self) {
        let model = self.model;
        let pushes: usize = self
            .changed_up
            .iter()
            .map(|&(j, _)| model.up_offsets[j as usize + 1] - model.up_offsets[j as usize])
            .sum();
        // A pushed link costs several times a swept one (a scattered update and a mark); on the
        // benchmark's hub closures the switch pays from about a sixteenth of the links.
        if pushes > model.up_supplier.len() / 16 {
            return self.sweep_upstream();
        }
        for index in 0..self.changed_up.len() {
            let (firm, previous) = self.changed_up[index];
            let j = firm as usize;
            let delta = previous - self.hu[j];
            for link in model.up_offsets[j]..model.up_offsets[j + 1] {
                let i = model.up_supplier[link];
                self.upstream_loss[i as usize] += model.up_weight[link] * delta;
                if self.mark_up[i as usize] != self.epoch {
                    self.mark_up[i as usize] = self.epoch;
                    self.dirty_up.push(i);
                }
            }
        }
    }

    /// The same sums recomputed for every supplier in one pass: cheaper than pushing once the
    /// changes reach a large part of the links (equal up to rounding).
    fn sweep_upstream(&mut self) {
        let (upstream_loss, dirty_up) = (&mut self.upstream_loss, &mut self.dirty_up);
        self.model.sweep.sums(&self.hu, |i, loss| {
            if loss != upstream_loss[i as usize] {
                upstream_loss[i as usize] = loss;
                dirty_up.push(i);
            }
        });
    }

    /// Spec steps 6–7 for the customers whose slots moved; returns the largest decrease.
    fn update_downstream(&mut self) -> f64 {
        let model = self.model;
        self.next_down.clear();
        let mut largest_drop: f64 = 0.0;
        for index in 0..self.dirty_down.len() {
            let firm = self.dirty_down[index];
            self.touch(firm);
            let j = firm as usize;
            let essential = &self.slots[model.slot_offsets[j]..model.ess_end[j]];
            let worst = essential.iter().fold(0.0_f64, |acc, &loss| acc.max(loss));
            let linear: f64 = self.slots[model.ess_end[j]..model.slot_offsets[j + 1]]
                .iter()
                .sum();
            let value = (1.0 - worst).min(1.0 - linear).min(self.psi[j]).max(0.0);
            let previous = self.hd[j];
            if value != previous {
                largest_drop = largest_drop.max(previous - value);
                self.hd[j] = value;
                self.next_down.push((firm, previous));
            }
        }
        self.dirty_down.clear();
        largest_drop
    }

    /// Spec step 8 for the suppliers whose sums moved; returns the largest decrease.
    fn update_upstream(&mut self) -> f64 {
        self.next_up.clear();
        let mut largest_drop: f64 = 0.0;
        for index in 0..self.dirty_up.len() {
            let firm = self.dirty_up[index];
            self.touch(firm);
            let i = firm as usize;
            let value = (1.0 - self.upstream_loss[i]).min(self.psi[i]).max(0.0);
            let previous = self.hu[i];
            if value != previous {
                largest_drop = largest_drop.max(previous - value);
                self.hu[i] = value;
                self.next_up.push((firm, previous));
            }
        }
        self.dirty_up.clear();
        largest_drop
    }

    /// `(Σ w(1−h), Σ w(1−hd), Σ w(1−hu))` over the touched firms (the others have h = 1).
    pub(crate) fn losses(&self) -> (f64, f64, f64) {
        let weights = &self.model.weights;
        let (mut both, mut down, mut up) = (0.0, 0.0, 0.0);
        for &firm in &self.touched {
            let i = firm as usize;
            both += weights[i] * (1.0 - self.hd[i].min(self.hu[i]));
            down += weights[i] * (1.0 - self.hd[i]);
            up += weights[i] * (1.0 - self.hu[i]);
        }
        (both, down, up)
    }

    /// Back to the undisturbed state, in time proportional to what the last run touched (or one
    /// sequential sweep when it touched a large part of the network).
    pub(crate) fn reset(&mut self) {
        let model = self.model;
        if self.touched.len() > model.firms / 4 {
            self.psi.fill(1.0);
            self.hd.fill(1.0);
            self.hu.fill(1.0);
            self.contribution.fill(0.0);
            self.upstream_loss.fill(0.0);
            self.in_damaged.fill(false);
            self.is_touched.fill(false);
            self.slots.fill(0.0);
            self.tree.copy_from_slice(&model.tree_init);
            for list in &mut self.damaged {
                list.clear();
            }
        } else {
            for index in 0..self.touched.len() {
                let i = self.touched[index] as usize;
                self.psi[i] = 1.0;
                self.hd[i] = 1.0;
                self.hu[i] = 1.0;
                self.contribution[i] = 0.0;
                self.upstream_loss[i] = 0.0;
                self.is_touched[i] = false;
                self.slots[model.slot_offsets[i]..model.slot_offsets[i + 1]].fill(0.0);
                // Only damaged firms entered a market list and changed their leaf of the tree.
                if self.in_damaged[i] {
                    self.in_damaged[i] = false;
                    let q = model.market_of[i] as usize;
                    self.damaged[q].clear();
                    let base = 2 * model.market_offsets[q];
                    let len = model.market_offsets[q + 1] - model.market_offsets[q];
                    let mut node = len + model.market_pos[i] as usize;
                    while node >= 1 {
                        self.tree[base + node] = model.tree_init[base + node];
                        node /= 2;
                    }
                }
            }
        }
        self.touched.clear();
        for index in 0..self.touched_markets.len() {
            let q = self.touched_markets[index] as usize;
            self.a[q] = model.a_init[q];
            self.market_touched[q] = false;
        }
        self.touched_markets.clear();
    }
}
