profile userns_create { userns create, deny userns, }
