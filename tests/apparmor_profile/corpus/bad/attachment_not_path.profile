profile attachment_not_path x { }
