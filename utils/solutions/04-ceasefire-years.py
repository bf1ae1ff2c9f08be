from datetime import date

from utils.armistice import full_years

ceasefire_years = full_years(date(1953, 7, 27), date(2017, 11, 13))
