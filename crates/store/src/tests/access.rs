//! Scopes, accounts and credentials, the audit chain and sharing grants, on every backend.

use model::{Period, RegionCode};

use super::{backends, execute, fixtures};
use crate::{
    AuditFilter, AuditRecord, Backend, EnterpriseFilter, EnterpriseScope, NewAccount, NewGrant,
};

fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).unwrap()
}

#[tokio::test]
async fn scopes_narrow_lists_counts_lookups_and_supply_counterparts() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let total = |scope: EnterpriseScope| async move {
            let filter = EnterpriseFilter {
                scope,
                ..Default::default()
            };
            store.list_enterprises(&filter, 10, 0).await.unwrap().total
        };
        assert_eq!(total(EnterpriseScope::everything()).await, 5);
        assert_eq!(total(EnterpriseScope::nothing()).await, 0);
        // Taiyuan (city) and Jiangsu (province) together: 1, 2 and 5.
        let two = EnterpriseScope {
            regions: Some(vec![region("140100"), region("320000")]),
            ..Default::default()
        };
        assert_eq!(total(two.clone()).await, 3);
        let park = EnterpriseScope {
            park: Some("P2".into()),
            ..Default::default()
        };
        assert_eq!(total(park).await, 1);
        let chain = EnterpriseScope {
            chains: Some(vec!["SX-T1".into()]),
            ..Default::default()
        };
        assert_eq!(total(chain).await, 4);
        let other_chain = EnterpriseScope {
            chains: Some(vec!["SX-99".into()]),
            ..Default::default()
        };
        assert_eq!(total(other_chain.clone()).await, 0);
        // A chain outside the scope's chains is not there at all.
        assert!(
            store
                .list_chain_summaries(&other_chain)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .chain_by_code(&other_chain, "SX-T1")
                .await
                .unwrap()
                .is_none()
        );
        // Out of scope reads exactly like missing.
        let own = EnterpriseScope {
            uscc: Some(fixtures::uscc(2)),
            ..Default::default()
        };
        assert!(
            store
                .enterprise_by_uscc(&own, &fixtures::uscc(1))
                .await
                .unwrap()
                .is_none()
        );
        let two_row = store
            .enterprise_by_uscc(&own, &fixtures::uscc(2))
            .await
            .unwrap()
            .unwrap();
        let summary = &store.list_chain_summaries(&own).await.unwrap()[0];
        assert_eq!((summary.enterprise_count, summary.chain_core_count), (1, 1));
        // Enterprise 1's suppliers are 2 (Taiyuan) and 5 (Jiangsu); a Datong scope names neither.
        let one = store
            .enterprise_by_uscc(&EnterpriseScope::everything(), &fixtures::uscc(1))
            .await
            .unwrap()
            .unwrap();
        let datong = EnterpriseScope::region(region("140200"));
        let side = store
            .enterprise_supply(one.id, true, &datong, 10)
            .await
            .unwrap();
        assert!(side.visible.is_empty());
        assert_eq!((side.hidden_count, side.hidden_value), (2, 2.1e7));
        let side = store
            .enterprise_supply(one.id, true, &two, 10)
            .await
            .unwrap();
        assert_eq!(side.visible.len(), 2);
        assert_eq!(side.visible[0].counterpart, fixtures::uscc(2));
        assert_eq!(side.hidden_count, 0);
        let customers = store
            .enterprise_supply(two_row.id, false, &EnterpriseScope::everything(), 10)
            .await
            .unwrap();
        assert_eq!(customers.visible[0].counterpart, fixtures::uscc(1));
        let series = store
            .enterprise_series(
                one.id,
                "output_value",
                Some(Period::new(2025, 2).unwrap()),
                Some(Period::new(2025, 12).unwrap()),
            )
            .await
            .unwrap();
        assert_eq!(series.len(), 2);
    }
}

fn account(username: &str) -> NewAccount {
    NewAccount {
        username: username.into(),
        display_name: String::new(),
        role: "region_bureau".into(),
        region: Some(region("140100")),
        chains: vec!["SX-01".into(), "SX-02".into()],
        park: None,
        uscc: Some(fixtures::uscc(1)),
        department: None,
        password_hash: "$argon2id$stub".into(),
    }
}

#[tokio::test]
async fn accounts_sessions_tokens_and_lockout() {
    for db in backends().await {
        let store = &db.store;
        let id = store
            .create_account(&account("taiyuan"), 100)
            .await
            .unwrap();
        let duplicate = store
            .create_account(&account("taiyuan"), 100)
            .await
            .unwrap_err();
        assert!(duplicate.is_constraint_violation());
        let (stored, hash) = store.account_credentials("taiyuan").await.unwrap().unwrap();
        assert_eq!(hash, "$argon2id$stub");
        assert_eq!(stored.chains, ["SX-01", "SX-02"]);
        assert_eq!(stored.region, Some(region("140100")));

        store
            .create_session("s1", id, "csrf", 100, 200, "127.0.0.1")
            .await
            .unwrap();
        let (who, csrf, _) = store.session_account("s1", 150).await.unwrap().unwrap();
        assert_eq!((who.id, csrf.as_str()), (id, "csrf"));
        assert!(
            store.session_account("s1", 250).await.unwrap().is_none(),
            "expired"
        );
        assert!(store.session_account("s2", 150).await.unwrap().is_none());

        let token = store
            .create_token(id, "etl", "t1", "read", 100, 1000)
            .await
            .unwrap();
        let (who, info) = store.token_account("t1", 500).await.unwrap().unwrap();
        assert_eq!((who.id, info.id, info.scope.as_str()), (id, token, "read"));
        assert_eq!(store.list_tokens(Some(id), 10, 0).await.unwrap().total, 1);
        assert_eq!(store.list_tokens(None, 10, 0).await.unwrap().total, 1);
        assert!(store.revoke_token(token, 600).await.unwrap());
        assert!(!store.revoke_token(token, 600).await.unwrap());
        assert!(store.token_account("t1", 700).await.unwrap().is_none());

        // Three failures in a row lock the account for 60 s; a success clears the count.
        for expected in 1..=3 {
            let failures = store
                .record_login("taiyuan", "10.0.0.1", 300, false, 3, 60)
                .await
                .unwrap();
            assert_eq!(failures, expected);
        }
        let locked = store.account_by_id(id).await.unwrap().unwrap();
        assert_eq!(locked.locked_until, Some(360));
        assert_eq!(store.failed_logins_from("10.0.0.1", 0).await.unwrap(), 3);
        assert_eq!(
            store
                .record_login("taiyuan", "10.0.0.1", 400, true, 3, 60)
                .await
                .unwrap(),
            0
        );
        // Disabling ends sessions.
        store
            .create_session("s3", id, "csrf", 400, 900, "127.0.0.1")
            .await
            .unwrap();
        assert!(store.set_account_disabled(id, true).await.unwrap());
        assert!(store.session_account("s3", 500).await.unwrap().is_none());
        assert_eq!(store.list_accounts(10, 0).await.unwrap().total, 1);
    }
}

fn event(n: i64) -> AuditRecord {
    AuditRecord {
        at: 1_700_000_000 + n,
        actor: format!("user{n}"),
        role: "province_analyst".into(),
        action: "GET /api/enterprises/{uscc}".into(),
        object: format!("/api/enterprises/{n}"),
        client_ip: "127.0.0.1".into(),
        outcome: "200".into(),
        detail: String::new(),
        grant_id: None,
        subjects: vec![fixtures::uscc(1).to_string()],
    }
}

#[tokio::test]
async fn the_audit_chain_verifies_refuses_updates_and_names_the_first_tampered_row() {
    for db in backends().await {
        let store = &db.store;
        for n in 1..=5 {
            assert_eq!(store.append_audit(&event(n)).await.unwrap(), n);
        }
        let verdict = store.verify_audit_chain().await.unwrap();
        assert_eq!((verdict.checked, verdict.first_broken), (5, None));
        let mine = AuditFilter {
            subject: Some(fixtures::uscc(1).to_string()),
            ..Default::default()
        };
        assert_eq!(store.list_audit(&mine, 2, 0).await.unwrap().total, 5);

        // The triggers refuse changes…
        assert!(
            execute(
                store,
                "UPDATE audit_event SET outcome = '403' WHERE seq = 3"
            )
            .await
            .is_err()
        );
        assert!(
            execute(store, "DELETE FROM audit_event WHERE seq = 5")
                .await
                .is_err()
        );
        // …so a tamperer drops them first; the hashes still tell.
        let drop = match store.backend() {
            Backend::Sqlite => "DROP TRIGGER audit_event_no_update",
            Backend::Postgres => "DROP TRIGGER audit_event_no_change ON audit_event",
        };
        execute(store, drop).await.unwrap();
        execute(
            store,
            "UPDATE audit_event SET actor = 'someone else' WHERE seq = 3",
        )
        .await
        .unwrap();
        let verdict = store.verify_audit_chain().await.unwrap();
        let (seq, reason) = verdict.first_broken.unwrap();
        assert_eq!(seq, 3, "{reason}");
        assert!(reason.contains("changed"), "{reason}");
    }
}

#[tokio::test]
async fn removed_rows_are_named_too() {
    for db in backends().await {
        let store = &db.store;
        for n in 1..=4 {
            store.append_audit(&event(n)).await.unwrap();
        }
        let drop = match store.backend() {
            Backend::Sqlite => "DROP TRIGGER audit_event_no_delete",
            Backend::Postgres => "DROP TRIGGER audit_event_no_change ON audit_event",
        };
        execute(store, drop).await.unwrap();
        execute(store, "DELETE FROM audit_subject").await.unwrap();
        execute(store, "DELETE FROM audit_event WHERE seq = 4")
            .await
            .unwrap();
        let (seq, reason) = store
            .verify_audit_chain()
            .await
            .unwrap()
            .first_broken
            .unwrap();
        assert_eq!(seq, 4, "{reason}");
        execute(store, "DELETE FROM audit_event WHERE seq = 2")
            .await
            .unwrap();
        let (seq, reason) = store
            .verify_audit_chain()
            .await
            .unwrap()
            .first_broken
            .unwrap();
        assert_eq!(seq, 3, "{reason}");
        assert!(reason.contains("removed"), "{reason}");
    }
}

#[tokio::test]
async fn grants_are_active_until_revoked_or_expired_and_count_their_use() {
    for db in backends().await {
        let store = &db.store;
        let grant = NewGrant {
            grantee_kind: "department".into(),
            grantee: "省统计局".into(),
            dataset: "indicator_series".into(),
            fields: vec!["output_value".into()],
            regions: vec![region("140100"), region("140200")],
            period_from: Some(Period::new(2025, 2).unwrap()),
            period_to: Some(Period::new(2025, 12).unwrap()),
            purpose: "月度运行监测".into(),
            valid_until: "2026-12-31".into(),
            created_by: "admin".into(),
        };
        let id = store.create_grant(&grant, 100).await.unwrap();
        let stored = store.grant_by_id(id).await.unwrap().unwrap();
        assert_eq!(stored.grant, grant);
        let active = |today: &'static str| async move {
            store
                .active_grants(Some("省统计局"), None, today)
                .await
                .unwrap()
                .len()
        };
        assert_eq!(active("2026-06-01").await, 1);
        assert_eq!(active("2027-01-01").await, 0, "expired");
        assert_eq!(
            store
                .active_grants(Some("省税务局"), None, "2026-06-01")
                .await
                .unwrap()
                .len(),
            0
        );
        store.record_grant_use(id, "2026-06-01", 20).await.unwrap();
        store.record_grant_use(id, "2026-06-01", 5).await.unwrap();
        let usage = store.grant_usage(id).await.unwrap();
        assert_eq!((usage[0].requests, usage[0].rows_read), (2, 25));
        assert!(store.revoke_grant(id, "admin", 200).await.unwrap());
        assert_eq!(active("2026-06-01").await, 0, "revoked");
        let listed = store
            .list_grants(Some(("department", "省统计局")), 10, 0)
            .await
            .unwrap();
        assert_eq!(listed.items[0].revoked_by.as_deref(), Some("admin"));
        assert_eq!(store.list_grants(None, 10, 0).await.unwrap().total, 1);
    }
}
