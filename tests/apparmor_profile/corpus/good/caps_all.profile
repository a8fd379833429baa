profile caps_all { capability, }
