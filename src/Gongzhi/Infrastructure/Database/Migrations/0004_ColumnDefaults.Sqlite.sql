-- SQLite kept the zero defaults of households.MemberCount and residents.SystemTagBits from 0002_Registry.
SELECT 1;
