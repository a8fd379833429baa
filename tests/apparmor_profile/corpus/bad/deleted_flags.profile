profile deleted_flags flags=(mediate_deleted, delegate_deleted) { }
