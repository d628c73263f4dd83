//! Roles and what each may do. Which rows a role sees is [`super::Scope`]'s business; this table
//! only says which functions it may use at all.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An account's role (角色).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员: everything, including accounts, grants and the audit trail.
    Administrator,
    /// 省级分析人员: reads every enterprise in the province.
    ProvinceAnalyst,
    /// 链长办: its chains and their member enterprises.
    ChainOffice,
    /// 市县工信部门: its region and everything below it.
    RegionBureau,
    /// 共享部门: only the datasets granted to it.
    Department,
    /// 园区管委会: the enterprises of its park.
    ParkOffice,
    /// 企业: its own records and what is public.
    Enterprise,
    /// 访客: public information only (plus what a sharing grant gives its token).
    Viewer,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Administrator,
        Role::ProvinceAnalyst,
        Role::ChainOffice,
        Role::RegionBureau,
        Role::Department,
        Role::ParkOffice,
        Role::Enterprise,
        Role::Viewer,
    ];

    /// The stable text used in the database, the CLI and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::ProvinceAnalyst => "province_analyst",
            Role::ChainOffice => "chain_office",
            Role::RegionBureau => "region_bureau",
            Role::Department => "department",
            Role::ParkOffice => "park_office",
            Role::Enterprise => "enterprise",
            Role::Viewer => "viewer",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Administrator => "系统管理员",
            Role::ProvinceAnalyst => "省级分析人员",
            Role::ChainOffice => "链长办",
            Role::RegionBureau => "市县工信部门",
            Role::Department => "共享部门",
            Role::ParkOffice => "园区管委会",
            Role::Enterprise => "企业",
            Role::Viewer => "访客",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }

    /// True when this role may use functions that need `permission`.
    pub fn may(self, permission: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match permission {
            ReadPublic => true,
            // A viewer's scope is empty unless a sharing grant names its token (external parties).
            ReadEnterprises => true,
            // The department's own staff: figures computed over the enterprises in their scope.
            ReadAnalyses => matches!(
                self,
                Administrator | ProvinceAnalyst | ChainOffice | RegionBureau | ParkOffice
            ),
            // Comparisons across the whole province (relatedness of every place, candidates
            // outside it): only roles whose scope is the whole province.
            ReadProvinceAnalyses => matches!(self, Administrator | ProvinceAnalyst),
            ReadBatches => matches!(self, Administrator | ProvinceAnalyst),
            // An import writes across the whole province: only roles whose scope is the province.
            ImportData => matches!(self, Administrator | ProvinceAnalyst),
            // Runs score units computed from every enterprise of the province.
            ReadEvaluations => matches!(self, Administrator | ProvinceAnalyst),
            // The rules read filed facts no sharing grant gives.
            ReadEligibility => !matches!(self, Department | Viewer),
            ReadGrants => matches!(self, Administrator | ProvinceAnalyst | Department),
            ReadAccessLog => matches!(self, Administrator | Enterprise),
            ManageAccounts | ManageGrants | ReadAudit => matches!(self, Administrator),
        }
    }
}

/// A function of the API, as the role table grants it. Every endpoint names one in its OpenAPI
/// operation (`x-permission`) and checks it with [`super::Principal::require`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Chains and chain maps, parks, professional towns, indicator definitions.
    ReadPublic,
    /// Enterprise lists, profiles and series (rows still limited by scope).
    ReadEnterprises,
    /// Engine results (monitoring, risk, investment targets, recommendations), computed only
    /// over the enterprises in the caller's scope.
    ReadAnalyses,
    /// Analyses that compare every place of the province or look outside it (relatedness
    /// recommendations, investment targets): they cannot be computed over a narrower scope.
    ReadProvinceAnalyses,
    /// Import batches.
    ReadBatches,
    /// Uploading files to import (writes a batch; province-wide roles only).
    ImportData,
    /// Stored evaluation runs and their results (province-wide roles only).
    ReadEvaluations,
    /// Eligibility screening and explanations of the enterprises in scope (not through
    /// sharing grants).
    ReadEligibility,
    /// Sharing grants (a department sees only its own).
    ReadGrants,
    /// Who read an enterprise's data (an enterprise sees only its own).
    ReadAccessLog,
    /// Users and tokens.
    ManageAccounts,
    /// Creating and revoking sharing grants.
    ManageGrants,
    /// The audit trail and its verification.
    ReadAudit,
}

impl Permission {
    pub const ALL: [Permission; 13] = [
        Permission::ReadPublic,
        Permission::ReadEnterprises,
        Permission::ReadAnalyses,
        Permission::ReadProvinceAnalyses,
        Permission::ReadBatches,
        Permission::ImportData,
        Permission::ReadEvaluations,
        Permission::ReadEligibility,
        Permission::ReadGrants,
        Permission::ReadAccessLog,
        Permission::ManageAccounts,
        Permission::ManageGrants,
        Permission::ReadAudit,
    ];

    /// The name used in the OpenAPI document's `x-permission`.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::ReadPublic => "read_public",
            Permission::ReadEnterprises => "read_enterprises",
            Permission::ReadAnalyses => "read_analyses",
            Permission::ReadProvinceAnalyses => "read_province_analyses",
            Permission::ReadBatches => "read_batches",
            Permission::ImportData => "import_data",
            Permission::ReadEvaluations => "read_evaluations",
            Permission::ReadEligibility => "read_eligibility",
            Permission::ReadGrants => "read_grants",
            Permission::ReadAccessLog => "read_access_log",
            Permission::ManageAccounts => "manage_accounts",
            Permission::ManageGrants => "manage_grants",
            Permission::ReadAudit => "read_audit",
        }
    }

    pub fn parse(text: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_only_administrators_manage() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert!(role.may(Permission::ReadPublic));
            assert_eq!(
                role.may(Permission::ManageAccounts),
                role == Role::Administrator
            );
        }
        for permission in Permission::ALL {
            assert_eq!(Permission::parse(permission.as_str()), Some(permission));
        }
        assert!(!Role::Viewer.may(Permission::ReadBatches));
    }
}
