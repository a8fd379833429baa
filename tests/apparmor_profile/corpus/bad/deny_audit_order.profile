profile deny_audit_order { deny audit /x r, }
