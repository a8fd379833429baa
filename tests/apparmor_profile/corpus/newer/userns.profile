profile userns { userns, }
