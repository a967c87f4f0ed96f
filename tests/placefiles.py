"""Small files of places in the exact published layouts, written by the tests.

The column layouts are the published ones, checked against the suppliers' documentation and
files in use: NSPL (2021 and 2011 geography, and the 2025 renaming), the ONS Postcode
Directory (February 2023), OS Code-Point Open (no header; OS's own example record) and OS
Open Names (34 columns, no header).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path


def columns(text: str) -> list[str]:
    """A published header row, as its suppliers write it."""
    return text.split(",")


# National Statistics Postcode Lookup, 2021 Census geography (NSPL21, e.g. August 2024).
NSPL21 = columns(
    "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa21,cty,ced,laua,ward,"
    "nhser,ctry,rgn,pcon,ttwa,itl,npark,lsoa21,msoa21,wz11,sicbl,bua22,ru11ind,oac11,lat,long,"
    "lep1,lep2,pfa,imd,icb"
)
# NSPL, 2011 Census geography (e.g. August 2020).
NSPL11 = columns(
    "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa11,cty,ced,laua,ward,"
    "hlthau,nhser,ctry,rgn,pcon,eer,teclec,ttwa,pct,nuts,park,lsoa11,msoa11,wz11,ccg,bua11,"
    "buasd11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,stp"
)
# NSPL from 2025, its columns renamed (pcd7, pcd8, usrtypind, east1m, …).
NSPL25 = columns(
    "pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,oa21cd,cty25cd,ced25cd,"
    "lad25cd,wd25cd,nhser24cd,ctry25cd,rgn25cd,pcon24cd,ttwa15cd,itl25cd,npark16cd,lsoa21cd,"
    "msoa21cd,wz11cd,sicbl24cd,bua24cd,ruc21ind,oac11ind,lat,long,lep21cd1,lep21cd2,pfa23cd,"
    "imd20ind,icb23cd"
)
# ONS Postcode Directory, February 2023.
ONSPD = columns(
    "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,"
    "osgrdind,oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,"
    "park,lsoa01,msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua11,buasd11,ru11ind,oac11,"
    "lat,long,lep1,lep2,pfa,imd,calncv,icb,oa21,lsoa21,msoa21"
)
UNQUOTED = {"lat", "long", "imd"}  # the numbers ONS write without quotes

# OS Open Names' 34 columns (supplied separately, in Doc/OS_Open_Names_Header.csv).
OPEN_NAMES = columns(
    "ID,NAMES_URI,NAME1,NAME1_LANG,NAME2,NAME2_LANG,TYPE,LOCAL_TYPE,GEOMETRY_X,GEOMETRY_Y,"
    "MOST_DETAIL_VIEW_RES,LEAST_DETAIL_VIEW_RES,MBR_XMIN,MBR_YMIN,MBR_XMAX,MBR_YMAX,"
    "POSTCODE_DISTRICT,POSTCODE_DISTRICT_URI,POPULATED_PLACE,POPULATED_PLACE_URI,"
    "POPULATED_PLACE_TYPE,DISTRICT_BOROUGH,DISTRICT_BOROUGH_URI,DISTRICT_BOROUGH_TYPE,"
    "COUNTY_UNITARY,COUNTY_UNITARY_URI,COUNTY_UNITARY_TYPE,REGION,REGION_URI,COUNTRY,COUNTRY_URI,"
    "RELATED_SPATIAL_OBJECT,SAME_AS_DBPEDIA,SAME_AS_GEONAMES"
)
# OS Code-Point Open's two header rows (Doc/Code-Point_Open_Column_Headers.csv).
CODE_POINT_SHORT = ["PC", "PQ", "EA", "NO", "CY", "RH", "LH", "CC", "DC", "WC"]
CODE_POINT_LONG = [
    "Postcode",
    "Positional_quality_indicator",
    "Eastings",
    "Northings",
    "Country_code",
    "NHS_regional_HA_code",
    "NHS_HA_code",
    "Admin_county_code",
    "Admin_district_code",
    "Admin_ward_code",
]

# One postcode known both ways, from NSPL itself: AB1 0AA at grid (385386, 801193) is
# latitude 57.101474, longitude -2.242851.
AB1_GRID = (385386, 801193)
AB1_POINT = (57.101474, -2.242851)


def _seven(code: str) -> str:
    """pcd: the 7-character form ("AB1 0AA", "AB101AA")."""
    if len(code.split()) != 2:
        return code
    outward, inward = code.split()
    return f"{outward:<4}{inward}"[:7] if len(outward) < 4 else f"{outward}{inward}"


def postcode_line(
    header: Sequence[str],
    code: str,
    lat: object,
    lon: object,
    *,
    doterm: str = "",
    east: object = "",
    north: object = "",
) -> str:
    """One row of an ONSPD/NSPL file, quoted as ONS quote them."""
    values = {
        "pcd": _seven(code) if " " in code else code,
        "pcd7": _seven(code) if " " in code else code,
        "pcd2": code,
        "pcd8": code,
        "pcds": code,
        "dointr": "198001",
        "doterm": doterm,
        "oseast1m": str(east),
        "east1m": str(east),
        "osnrth1m": str(north),
        "north1m": str(north),
        "lat": str(lat),
        "long": str(lon),
        "imd": "6715",
    }
    cells = []
    for column in header:
        value = values.get(column, "E99999999")
        cells.append(value if column in UNQUOTED else '"' + value.replace('"', '""') + '"')
    return ",".join(cells)


def write_postcode_file(
    path: Path, rows: Iterable[str], header: Sequence[str] = NSPL21, *, with_header: bool = True
) -> Path:
    lines = ([",".join(header)] if with_header else []) + list(rows)
    path.write_text("\r\n".join(lines) + "\r\n", "utf-8")
    return path


def code_point_line(code: str, east: int, north: int, quality: int = 10) -> str:
    """OS's own example: "SO16 0AS",10,437292,115542,"E92000001","E19000002",…"""
    areas = ["E92000001", "E19000002", "E18000009", "E10000014", "E07000093", "E05012936"]
    return f'"{code}",{quality},{east},{north},' + ",".join(f'"{a}"' for a in areas)


def open_names_line(
    ident: str,
    name: str,
    kind: str,
    local_type: str,
    east: object,
    north: object,
    *,
    name2: str = "",
    district: str = "",
    county: str = "",
) -> str:
    values = dict.fromkeys(OPEN_NAMES, "")
    values.update(
        {
            "ID": ident,
            "NAMES_URI": f"http://data.ordnancesurvey.co.uk/id/{ident.removeprefix('osgb')}",
            "NAME1": name,
            "NAME1_LANG": "eng" if name2 else "",
            "NAME2": name2,
            "NAME2_LANG": "cym" if name2 else "",
            "TYPE": kind,
            "LOCAL_TYPE": local_type,
            "GEOMETRY_X": str(east),
            "GEOMETRY_Y": str(north),
            "MOST_DETAIL_VIEW_RES": "25000",
            "LEAST_DETAIL_VIEW_RES": "1000000",
            "DISTRICT_BOROUGH": district,
            "COUNTY_UNITARY": county,
            "COUNTRY": "England",
        }
    )
    return ",".join(_csv_cell(values[c]) for c in OPEN_NAMES)


def _csv_cell(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


def write_lines(path: Path, lines: Iterable[str]) -> Path:
    path.write_text("\r\n".join(lines) + "\r\n", "utf-8")
    return path


# A small Open Names extract: towns, villages (two Miltons), a Welsh city with its Welsh name,
# a postcode, and features that are not places.
OPEN_NAMES_ROWS = [
    open_names_line("osgb4000000074813508", "London", "populatedPlace", "City", 530034, 180381),
    open_names_line(
        "osgb4000000074553665",
        "Cardiff",
        "populatedPlace",
        "City",
        318113,
        176459,
        name2="Caerdydd",
        county="Cardiff",
    ),
    open_names_line(
        "osgb4000000074543771", "Keswick", "populatedPlace", "Town", 326700, 523400, district="Allerdale"
    ),
    open_names_line(
        "osgb4000000074557612",
        "Milton",
        "populatedPlace",
        "Village",
        547800,
        262900,
        district="South Cambridgeshire",
        county="Cambridgeshire",
    ),
    open_names_line(
        "osgb4000000074569000",
        "Milton",
        "populatedPlace",
        "Village",
        448500,
        192400,
        district="Vale of White Horse",
        county="Oxfordshire",
    ),
    open_names_line("CA125DQ", "CA12 5DQ", "other", "Postcode", 326690, 523398, district="Allerdale"),
    open_names_line("osgb5000005179638478", "Main Street", "transportNetwork", "Named Road", 326710, 523410),
    open_names_line("osgb4000000001234567", "River Greta", "hydrography", "River", 326000, 524000),
]
