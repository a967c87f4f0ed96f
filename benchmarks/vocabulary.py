"""The words synthetic directories are written in: a few thousand, most common first.

Every list is in rough order of how often the thing turns up in a real community directory,
because the generator draws from each with Zipf-like weights (1 / rank ** s): "coffee
morning" and "friendly" are everywhere, "hand bell ringers" and "marquetry" are rare.
Activities carry the needs (ids from asset_map/data/needs.json) they usually meet.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words, duplicates dropped, first occurrence kept."""
    return tuple(dict.fromkeys(text.split()))


def _lines(text: str) -> tuple[str, ...]:
    """One phrase per line, duplicates dropped."""
    return tuple(dict.fromkeys(line.strip() for line in text.strip().splitlines() if line.strip()))


def _activities(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """ "Name | need need" lines into (name, needs)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in text.strip().splitlines():
        if not line.strip():
            continue
        name, needs = line.split("|")
        out.setdefault(name.strip(), tuple(needs.split()))
    return tuple(out.items())


# ---------------------------------------------------------------- what assets are

GROUP_ACTIVITIES = _activities("""
Coffee Morning | company
Lunch Club | food company
Walking Group | active getting-out
Knit and Natter | arts company
Friendship Club | company
Carers' Group | caring wellbeing
Parent and Toddler Group | families company
Chair Exercise | active
Dementia Café | dementia company caring
Men's Shed | company wellbeing
Community Choir | arts company wellbeing
Health Walk | active wellbeing
Art Club | arts
Social Club | company
Digital Drop-in | learning
Memory Café | dementia company
Gardening Club | active company
Community Garden | active wellbeing
Youth Club | families
Tai Chi | active wellbeing
Craft Group | arts company
Book Group | learning company
Job Club | work learning
Bereavement Café | wellbeing company
Stay and Play | families
Community Pantry | food money
Peer Support Group | wellbeing
Money Advice Drop-in | money
Short Mat Bowls | active company
Singing for the Brain | dementia arts
Over-60s Club | company
Allotment Society | active food
Yoga Class | active wellbeing
Line Dancing | active arts
Tea Dance | active company
Crochet Circle | arts
Sewing Circle | arts
Quiz Night | company
Bingo Afternoon | company
Film Club | arts company
History Society | learning
Camera Club | arts
Chess Club | learning company
Board Games Club | company
Ukulele Group | arts
Drama Group | arts
Writing Group | arts
Repair Café | help-at-home company
Litter Pick | work active
Conservation Volunteers | work active
Walking Football | active
Walk and Talk | active wellbeing
Stroke Club | caring active
Parkinson's Support Group | wellbeing caring
Sight Loss Group | company
Deaf Social Club | company
Autism Support Group | families caring
Cancer Support Group | wellbeing
Diabetes Support Group | self-care
Breathe Easy Group | self-care active
Young Carers Club | caring families
Baby Massage | families
Homework Club | families learning
Coding Club | learning families
Language Café | learning company
Conversation Club | learning company
Men's Breakfast | company food
Women's Group | company wellbeing
Warm Space | company
Chatty Café | company
Community Café | food company
Supper Club | food company
Baking Club | food arts
Cooking Class | food learning
Flower Arranging | arts
Pilates Class | active
Zumba Class | active
Keep Fit | active
Nordic Walking | active
Cycling Club | active getting-out
Fishing Club | active company
Birdwatching Group | active getting-out
Day Trips | getting-out company
Residents' Association | housing company
Tenants' Forum | housing
Food Bank | food money
Dog Walkers | pets company
Pet Food Bank | pets money
Volunteering Drop-in | work
ESOL Class | learning
Reading Group | learning
Poetry Group | arts
Quilting Group | arts
Woodwork Group | arts company
Table Tennis | active
Badminton Club | active
Swimming Club | active
Ballroom Dancing | active arts
Drumming Circle | arts wellbeing
Hearing Support Drop-in | self-care
Falls Prevention Class | active self-care
Mindfulness Group | wellbeing
Anxiety Support Group | wellbeing
LGBT+ Social | company wellbeing
Refugee Welcome Group | company learning
Veterans' Breakfast | company food
Toddler Music | families arts
Messy Play | families arts
Breastfeeding Café | families
Dads' Group | families company
Grandparents' Group | families company
Carers' Coffee Morning | caring company
Lunch and Walk | food active
Scrabble Club | company learning
Model Railway Club | company arts
Community Orchestra | arts
Gospel Choir | arts
Hand Bell Ringers | arts
Marquetry Group | arts
""")

MICRO_SERVICES = _activities("""
Dog Walking | pets
Gardening | help-at-home
Home Cleaning | help-at-home
Handyperson Service | help-at-home housing
Home Care | help-at-home self-care caring
Pet Sitting | pets
Foot Care | self-care
Home Hairdressing | self-care
Garden Help | help-at-home
Befriending | company
Taxi | getting-out
Meal Delivery | food
Ironing Service | help-at-home
Odd Jobs | help-at-home
Computer Help | learning
Lawn Care | help-at-home
Sitting Service | caring dementia
Companionship | company
Chiropody | self-care
Shopping Service | help-at-home getting-out
Cat Care | pets
Home Repairs | help-at-home housing
Decorating | help-at-home housing
Personal Care | self-care caring
Wheelchair Taxi | getting-out
Chair Exercise | active
Lunch Club | food company
Childminding | families
Budget Coaching | money
Home Cooked Meals | food
Hedge Cutting | help-at-home
Pet Taxi | pets getting-out
Tablet Lessons | learning
Housework Help | help-at-home
Car Service | getting-out
Mobile Barber | self-care
Art Workshops | arts wellbeing
Fitness Classes | active
Dementia Companions | dementia company
Walking Buddies | active getting-out
Yoga | active wellbeing
Music Lessons | arts
Tutoring | families learning
Nail Care | self-care
Job Mentoring | work
Window Cleaning | help-at-home
Key Safes and Grab Rails | housing help-at-home
Laundry Service | help-at-home
Alterations | help-at-home
Sewing Repairs | help-at-home arts
Singing Sessions | arts dementia
Cake Making | food
Veg Boxes | food
Massage | self-care wellbeing
Counselling | wellbeing
Dance Classes | active arts
Messy Play | families arts
Holiday Club | families
Log Deliveries | help-at-home
Gutter Clearing | help-at-home housing
Bike Repairs | getting-out
Removals | housing
Benefits Advice | money
Community Transport | getting-out
""")

TIME_BANK_SKILLS = _activities("""
Lifts to appointments | getting-out
Help with shopping | help-at-home getting-out
Gardening | help-at-home
Company and a cuppa | company
IT help | learning
Friendly phone calls | company wellbeing
Dog walking | pets active
Small DIY jobs | help-at-home housing
Garden tidy-ups | help-at-home
Smartphone help | learning
Home visits for a chat | company
Befriending | company
Lifts to the shops | getting-out help-at-home
Ironing | help-at-home
Cat feeding | pets
Home-cooked meals | food
Walking companion | active company
Tablet lessons | learning
Knitting lessons | arts
Putting up shelves | help-at-home housing
Listening ear | wellbeing
Sitting while a carer has a break | caring
Reading letters and filling in forms | money learning
Budgeting help | money
Pet care | pets
Baking | food
Sewing repairs | arts help-at-home
Homework help | families learning
CV writing help | work
Interview practice | work
English conversation | learning company
Reminiscence and photo albums | dementia company
Travel buddy | getting-out
Prescription collection | help-at-home
Letter writing | learning
Guitar lessons | arts
Language lessons | learning
Decorating | help-at-home
Painting lessons | arts
Photography | arts
Haircuts | self-care
Cooking lessons | food learning
Help for new parents | families
Bike maintenance | getting-out
Dog sitting | pets
Flat-pack assembly | help-at-home
Chair yoga | active wellbeing
""")

HUB_TYPES = _activities("""
Community Hub | company money learning wellbeing
Community Centre | company active arts
Library and Community Room | learning families company
Family Hub | families
Village Hall | company
Neighbourhood Centre | company money
Wellbeing Hub | wellbeing
Talking Shop | wellbeing money
Community Shop and Café | food company
Library | learning
""")

ORG_WORDS = _words("""
Club Group Society Association Network Trust Project Circle Friends Partnership Collective
Foundation Forum Alliance Fellowship Guild Company Cooperative Team Hub Volunteers Committee
Community Enterprise Centre Service Services Scheme Initiative Link Connect Together Action
""")

BRAND_WORDS = _words("""
Happy Bright Kind Safe Green Silver Sparkle Tidy Helping Golden Sunny Willow Oak Acorn Little
Busy Trusty Gentle Steady Good Friendly Caring Clever Neat Nimble Cosy Homely Merry Bluebell
Primrose Daisy Rose Bramble Holly Ivy Maple Hazel Rowan Heather Clover Thistle Poppy Lavender
Riverside Meadow Orchard Harbour Lighthouse Beacon Compass Anchor Kestrel Robin Wren Swallow
Heron Otter Badger Hedgehog Fox Owl Lark Magpie Starling Kingfisher Puffin
""")

BRAND_NOUNS = _words("""
Paws Hands Feet Steps Fingers Hearts Threads Wheels Plates Cuppa Companions Friends Helpers
Buddies Neighbours Minds Spirits Days Times Moments Roots Seeds Leaves Petals Stitches Tails
Whiskers Claws Pots Pans Spoons Brushes Brooms Ladders Hammers Spanners Keys Doors Gates
""")

VENUES = _lines("""
village hall
community centre
church hall
library
community hub
scout hut
methodist church
parish rooms
family hub
leisure centre
sports club
cricket pavilion
football club
bowls club
social club
working men's club
British Legion hall
memorial hall
youth centre
children's centre
health centre
sheltered housing lounge
care home lounge
garden centre café
pub function room
school hall
primary school
secondary school
college
park café
country park
nature reserve
allotments
community garden
museum
arts centre
theatre bar
mosque community room
gurdwara
synagogue hall
quaker meeting house
baptist church
catholic church hall
united reformed church
salvation army hall
market hall
town hall
council offices
fire station
railway station café
marina
lakeside café
golf club
swimming pool
tennis club
boat club
fishing lake
bandstand
recreation ground
""")

STREET_TYPES = _words(
    "Road Lane Street Close Avenue Way Drive Crescent Gardens Place Parade Green Walk Row Hill"
)

# ---------------------------------------------------------------- people and feelings

PEOPLE = _lines("""
older people
everyone
adults
carers
families
people living with dementia
people who live alone
new parents
local residents
young people
men
women
neighbours
retired people
people with memory worries
people with limited mobility
beginners
grandparents
volunteers
wheelchair users
people with sight loss
Deaf people
people with learning disabilities
people with long-term conditions
people recovering from illness
people leaving hospital
unpaid carers
young carers
parents and carers
toddlers and their grown-ups
children
teenagers
people new to the area
refugees
people learning English
veterans
people on low incomes
jobseekers
people with anxiety
people who feel low
people who are grieving
people with autism
stroke survivors
people with Parkinson's
people with diabetes
people with breathing problems
dog owners
cat owners
pet lovers
keen gardeners
book lovers
music lovers
walkers
cyclists
anglers
crafters
knitters
bakers
cooks
singers
dancers
artists
writers
photographers
history buffs
people of all abilities
people of any age
over-50s
over-60s
over-70s
couples
single parents
dads
mums
lone parents
shift workers
home workers
people with a disability
tenants
homeowners
people in sheltered housing
people in care homes
housebound people
""")

FEELINGS = _words("""
lonely isolated low anxious stuck bored forgetful unsteady nervous shy cut-off overwhelmed
tired stressed worried sad down restless unsure frail wobbly rusty unfit housebound
""")

FIRST_NAMES = _words("""
Jean Ken Maureen Priya Dave Ana Edna Marek Zoe Hannah Frank Jolanta Sue Pat Chris Sam Jo Alex
Margaret Barbara Linda Susan Janet Carol Patricia Christine Sandra Pauline Elaine Wendy Julie
Karen Tracey Sharon Denise Brenda Joan Doreen Irene Sheila Valerie Eileen Shirley Rita Iris
John David Michael Peter Paul Robert Stephen Alan Brian Keith Colin Graham Derek Terry Tony
Barry Roy Ray Trevor Malcolm Geoff Clive Nigel Gary Steve Mark Darren Lee Wayne Dean Jason
Amir Bilal Farah Aisha Yusuf Imran Nadia Sana Tariq Zainab Kemi Tunde Chidi Ngozi Femi Ade
Bola Ife Kwame Ama Kofi Efua Agnieszka Piotr Tomasz Kasia Magda Ewa Andrzej Ioana Andrei Elena
Mihai Gabriela Vlad Raj Sunita Harjit Gurpreet Manjit Deepak Anil Meera Lakshmi Ravi Mei Wei
Ling Hui Chen Siobhan Niamh Ciaran Sean Bridget Mairead Fiona Morag Hamish Callum Isla Rhys
Megan Gareth Bethan Dylan Cerys Olivia Amelia Isla Ava Mia Grace Lily Freya Ella Chloe Poppy
Oliver George Harry Jack Charlie Jacob Thomas Oscar William James Leo Alfie Archie Joshua
Lorraine Dev Mo Kath Bev Viv Les Reg Stan Vic Norman Cyril Ernie Alf Bert Doris Ethel Mabel
Gladys Olive Violet Hilda Winnie Elsie Queenie Dot Pearl Ruby Betty Peggy Nora Vera
""")

SURNAMES = _words("""
Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker
White Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell
Rose Davis Rodriguez Cox Alexander Morgan Moore Mills King Harris Cooper Ward Baker Turner
Edwards Hill Hughes Parker Collins Bell Adams Campbell Stewart Murphy Kelly Price Bennett
Gray Shaw Ellis Webb Palmer Lloyd Hunt Fox Grant Kennedy Reid Marshall Owen Holmes Knight
Lawrence Butler Barnes Fisher Henderson Chapman Harrison Gibson Russell Matthews Fletcher
Ahmed Ali Hussain Begum Singh Kaur Sharma Okafor Adeyemi Mensah Nowak Kowalski Wisniewski
Popescu Ionescu Chen Wong Nguyen Murray Burns Dixon Hart Webster Spencer Tucker Porter
Barker Payne Pearce Dawson Carter Hayes Sutton Booth Pratt Gardner Fowler Wells Bird Ford
Bishop Reeves Archer Sharp Hudson Lamb Hammond Pike Potter Cross Marsh Dean Ball Bates Lane
""")

# ---------------------------------------------------------------- description words

ADJECTIVES = _words("""
friendly welcoming relaxed gentle local small regular weekly monthly free warm informal lively
quiet supportive easy kind helpful patient cheerful safe accessible comfortable social
practical simple short open sociable low-cost affordable experienced trained qualified
reliable trusted caring calm peaceful happy sunny cosy bright spacious busy fun popular
long-running volunteer-run community-led independent family-run well-loved small-group
one-to-one flexible seasonal occasional fortnightly daily evening afternoon morning weekend
outdoor indoor seated step-free hot homemade home-cooked fresh healthy tasty traditional
modern new established village town riverside woodland countryside lakeside seaside green
creative musical artistic hands-on beginner advanced mixed inclusive confidential private
discreet specialist dedicated enthusiastic cheery chatty easy-going good-humoured generous
thoughtful respectful careful skilled knowledgeable local-born retired bilingual multilingual
gentle-paced unhurried steady brisk leisurely energetic active restful soothing uplifting
encouraging reassuring practical-minded down-to-earth no-nonsense honest fair cheap reasonable
inexpensive subsidised donated shared communal neighbourly intergenerational all-ages dementia-friendly
autism-friendly baby-friendly dog-friendly wheelchair-friendly hearing-friendly large-print
plain-English jargon-free warm-hearted big-hearted open-minded light-hearted tidy clean neat
organised punctual dependable consistent familiar traditional-style old-fashioned vintage
classic timeless memorable special useful handy important essential basic extra additional
optional gentle-exercise low-impact seated-exercise heart-healthy balance-building strength-building
mood-lifting confidence-building skill-sharing money-saving time-saving energy-saving
eco-friendly sustainable organic seasonal-produce locally-grown home-grown hand-made handmade
knitted crocheted sewn painted printed carved turned baked roasted steamed grilled
fried boiled chilled frozen packed wrapped boxed delivered collected returned repaired mended
restored refurbished upcycled recycled reused second-hand preloved nearly-new spare surplus
cheerful-looking bustling sleepy historic picturesque leafy tucked-away central handy well-lit
heated airy sunlit panelled beamed thatched timber-framed red-brick flint-walled weatherboarded
clapboard riverside-view sea-view garden-view ground-floor first-floor upstairs downstairs
purpose-built converted restored listed award-winning long-established newly-opened relaunched
volunteer-led peer-led nurse-led user-led parent-led carer-led faith-based secular
non-judgemental judgement-free pressure-free drop-in bookable walk-in ticketed pay-as-you-go
""")

NOUNS = _words("""
tea cake chat company music games cards dominoes quiz raffle biscuits coffee toast lunch
sandwiches soup bingo crafts knitting painting singing walking gardening cooking baking reading
stories songs puzzles jigsaws conversation laughter friends neighbours volunteers helpers
advice information support help forms letters bills benefits housing repairs shopping errands
lifts transport buses trains appointments hospital doctor surgery pharmacy prescriptions
dentist optician chemist clinic medicines exercise balance strength stretching movement dance
yoga pilates breathing mindfulness relaxation wellbeing confidence skills training learning
computers tablets smartphones phones email internet wifi printing photocopying scanning apps
passwords video calls banking scams online shopping forms applications CVs interviews jobs
volunteering careers qualifications courses classes workshops sessions lessons talks speakers
visits outings trips excursions coach minibus picnics barbecues parties celebrations festivals
fairs fetes markets stalls sales auctions fundraisers donations collections appeals
plants seeds flowers vegetables fruit herbs compost tools gloves wheelbarrows spades forks
rakes hoes pots planters beds borders lawns hedges trees shrubs bulbs weeds leaves branches
logs firewood fences sheds greenhouses polytunnels ponds wildlife birds bees butterflies
insects hedgehogs foxes badgers squirrels ducks swans geese dogs cats rabbits guinea-pigs
hamsters budgies parrots fish tortoises pets walks feeds grooming vets kennels boarding
wool needles yarn hooks patterns fabric thread buttons zips hems curtains cushions quilts
blankets scarves hats jumpers socks mittens cardigans shawls toys teddies puppets
paint brushes canvas paper pencils charcoal pastels watercolours acrylics clay pottery
glass mosaics beads jewellery cards scrapbooks photographs albums frames memories
reminiscence history heritage archives maps postcards films newsreels records vinyl
radio television newspapers magazines books audiobooks e-books large-print poetry plays
drama scripts costumes props stage choir harmonies hymns carols anthems ukuleles guitars
pianos keyboards drums recorders violins tambourines bells whistles harmonicas
microphones speakers karaoke disco bands concerts performances shows rehearsals
bowls darts snooker pool skittles table-tennis badminton tennis football cricket netball
rounders swimming aqua-aerobics cycling bikes tandems trikes scooters wheelchairs
walking-sticks frames rollators ramps lifts handrails grab-rails stairlifts key-safes
alarms pendants sensors smoke-alarms batteries bulbs taps toilets showers baths kitchens
cookers fridges freezers microwaves kettles toasters washing-machines dryers irons
hoovers mops brooms dusters windows doors locks keys shelves cupboards wardrobes drawers
furniture flat-pack beds mattresses sofas chairs tables desks lamps lights curtains blinds
carpets rugs floors walls ceilings roofs gutters drains chimneys gardens patios paths
driveways garages sheds gates fences walls bins recycling rubbish clutter boxes bags
meals dinners breakfasts suppers snacks puddings desserts roasts stews curries casseroles
pies pasties quiches salads jacket-potatoes fish-and-chips sandwiches rolls scones
muffins flapjacks brownies cupcakes crumble custard trifle jelly ice-cream fruit-salad
vegetarian vegan halal kosher gluten-free diabetic soft-food pureed portions trays
foodbank pantry vouchers parcels hampers essentials toiletries nappies formula baby-food
clothes shoes coats uniforms school-uniform prams buggies cots highchairs toys books
nursery playgroup pre-school school homework reading maths phonics spelling science
coding robots lego models trains railways planes boats cars engines motorbikes tractors
farm animals horses ponies donkeys goats sheep pigs chickens ducks allotment plot
orchard meadow woodland heath marsh river estuary seafront beach pier harbour docks
lakes ponds canals towpaths footpaths bridleways cycle-paths parks playgrounds green
benches bandstand pavilion clubhouse hall room kitchen garden car-park bus-stop
entrance ramp lift toilet hearing-loop seating quiet-room baby-change parking
welcome introduction taster trial first-visit meet-and-greet home-visit phone-call
referral assessment review plan goals hopes worries problems questions answers ideas
suggestions feedback stories experiences tips tricks recipes remedies routines habits
hobbies interests passions talents strengths gifts skills knowledge wisdom experience
friendship belonging purpose routine structure independence dignity choice control
respect trust kindness patience humour warmth care concern listening understanding
encouragement reassurance motivation inspiration energy fun enjoyment pleasure relaxation
rest respite break breather time-out holiday day-off evening weekend morning afternoon
season spring summer autumn winter christmas easter halloween bonfire-night new-year
birthday anniversary wedding christening funeral memorial remembrance armistice
carers dementia memory loneliness isolation bereavement grief loss illness recovery
disability mobility sight hearing speech stroke parkinsons diabetes arthritis asthma
heart lungs back knees hips feet toenails corns nails hair skin teeth eyes ears
chiropody podiatry hairdressing barbering manicures massage reflexology aromatherapy
counselling befriending mentoring coaching tutoring childminding babysitting sitting
cleaning ironing laundry housework tidying decluttering decorating painting wallpapering
plumbing electrics carpentry joinery tiling plastering glazing roofing guttering
mowing strimming pruning weeding planting digging hedge-trimming tree-surgery clearance
deliveries collections removals storage recycling upcycling repairs maintenance servicing
taxis minicabs drivers escorts chaperones companions buddies mentors champions ambassadors
councillors wardens caretakers managers coordinators organisers leaders instructors
teachers tutors trainers coaches nurses carers doctors therapists advisers counsellors
chaplains vicars priests imams rabbis ministers wardens stewards treasurers secretaries
chairs members newcomers regulars guests visitors residents tenants owners landlords
parents grandparents children babies toddlers teenagers students pensioners adults
almanac anthology apron atlas bakery bandanna banner barometer basket beacon bench bicycle blanket
bonnet bookmark bouquet bracelet bunting butterfly calendar candle canoe caravan cardigan carousel
casserole chalkboard chandelier chutney cinema compass cookbook cornet cottage cricket crossword
cushion doily doorstep dresser eiderdown embroidery envelope fiddle fireplace flask footstool
gazebo gingham goblet gramophone hammock harmonium hopscotch hourglass jukebox kaleidoscope kettle
kite lantern larder locket marmalade meadowsweet mittens moorings noticeboard orchard paddle
pantry parasol patchwork pennant periwinkle picnic pinafore pinecone porridge postbox pumpkin
quilt raincoat rambler recipe rocking-chair rosette sandcastle satchel scarecrow seashell sherbet
signpost sketchbook sledge slippers spinning-wheel sunflower swing tablecloth tapestry teapot
thimble tiara toboggan trellis trowel typewriter umbrella valentine walking-boots wellies
wheelbarrow windmill wishbone yo-yo zither marquetry bellringing campanology tombola whist
cribbage canasta rummikub mahjong backgammon draughts bridge
""")

VERBS = _words("""
meet share learn make bake cook sing dance walk talk chat play paint draw knit sew grow plant
dig weed mow prune tidy clean iron wash fix mend repair build restore paint decorate drive
visit help support listen welcome introduce organise run host lead teach coach train guide
explain show demonstrate encourage cheer laugh enjoy relax unwind rest recover heal improve
strengthen stretch breathe move balance exercise swim cycle stroll ramble explore discover
try taste sample swap borrow lend give donate collect deliver drop fetch carry lift shop
browse order book arrange plan prepare serve pour offer provide bring take join attend
return invite remind phone text email call write read tell remember reminisce record
photograph film watch listen perform rehearse practise play compete win celebrate
fundraise volunteer mentor befriend accompany escort sit care look check watch feed groom
walk exercise train adopt rescue foster home house shelter protect keep save budget
claim apply fill sign register enrol subscribe renew update install download upload
browse search find locate connect link signpost refer recommend suggest advise inform
answer question ask query discuss debate plan decide agree choose vote campaign
""")

ADVERBS = _words("""
always usually often sometimes regularly occasionally weekly monthly fortnightly daily
warmly gently kindly patiently happily quietly slowly steadily carefully safely easily
together locally nearby outdoors indoors online afterwards beforehand together freely
cheerfully calmly confidently independently comfortably informally properly simply
""")

TOPICS = _lines("""
local history
the docks and the river
wartime memories
saving energy at home
staying safe online
scams and doorstep callers
healthy eating on a budget
falls prevention
looking after your feet
sleeping well
hearing aids and batteries
sight loss gadgets
power of attorney
making a will
pension credit
blue badges and bus passes
attendance allowance
carer's assessments
home adaptations
fire safety at home
winter warmth
hedgehogs and garden wildlife
birds of the estuary
wildflowers and meadows
growing tomatoes
composting
seed saving
pruning roses
bee keeping
the history of the railway
old shops and high streets
music hall songs
the swinging sixties
royal weddings and coronations
seaside holidays
hop picking in Kent
the great flood of 1953
Thames sailing barges
smuggling on the marshes
Roman roads
medieval churches
village pubs
family history research
reading old maps
first aid basics
CPR and defibrillators
mindful breathing
managing stress
talking about grief
living with arthritis
living with diabetes
memory and ageing
keeping your brain active
chair-based exercise
Nordic walking poles
cycling for beginners
bowls tactics
crossword tips
poetry of the seasons
Victorian novels
crime fiction
the art of letter writing
watercolour landscapes
still life drawing
portrait sketching
flower pressing
wreath making
christmas crafts
easter bonnets
sugarcraft
bread making
jam and chutney
curries from scratch
one-pot meals
batch cooking
budget recipes
fixing a dripping tap
bleeding radiators
changing a fuse
putting up shelves safely
decluttering
downsizing
moving home
volunteering abroad
community energy
litter and recycling
rewilding
climate and weather
astronomy for beginners
the night sky
bird song
butterflies of Essex
dragonflies
bats
""")

OPENINGS = _lines("""
Just turn up.
Phone first.
Phone or text to arrange.
Ask the time bank broker.
Email to book a place.
Drop in during opening hours.
Newcomers are always welcome.
Phone for a free first visit.
Book at least a day ahead.
No referral needed.
Bring a friend if you like.
Ask at reception for the timetable.
Contact the organiser before your first visit.
Places are limited, so please book.
Text to arrange a meet-and-greet.
""")

AVAILABILITY = _lines("""
Weekday mornings
Weekday afternoons
Weekday evenings
Weekends
Saturday mornings
Sunday afternoons
Flexible, including weekends
Monday and Friday afternoons
Tuesday and Thursday mornings
Most weekdays, flexible
Evenings and weekends
School holidays
""")

SCHEDULE_NOTES = _lines("""
By appointment
Closed on bank holidays
Term time only
Not in August
Phone to check before your first visit
Dates vary; phone for details
Arrange through the broker
Flexible times by arrangement
Extra sessions in school holidays
Winter timetable from October
""")

SOURCES = _lines("""
Council directory
Hub volunteer
Local Area Coordinator
Micro-enterprise network
Time bank register
Provider
Community newsletter
Social worker
GP surgery social prescriber
Parish magazine
""")

LANGUAGES = _words(
    "English Polish Romanian Punjabi Urdu Bengali Yoruba Twi Lithuanian Portuguese Turkish Gujarati"
)

# ---------------------------------------------------------------- place names

PLACE_ROOTS = _words("""
Ash Ald Bar Beck Birch Black Bram Brent Brook Bur Cal Chal Cold Cress Dal Dun Elm Fair Fern
Fox Frin Gold Grav Hadd Hal Hart Hazel Hel Hol Horn Kel Ken Kings Lang Lark Lea Long Mal
Mar Mel Mill Moor Nether New Nor Oak Ock Pen Pit Queens Rad Raven Red Rid Rush Sal Sand Shel
Shir Stow Sud Thorn Tol Wal Wark Wel Whit Wick Wil Win Wood Wor Wray Yar Ab Bex Bil Bock
Bol Brad Braint Brig Cog Cop Dag Ded Dod Eas Ep Fel Fin Gos Grin Hask Hep Ing Kel Lax Lit
Man Mat Mund Nay Ons Pag Pel Purl Ray Roch Roy Run Saff Sib Sten Tend Til Top Trim
Ug Wat Weth Wid Wiv Writ
""")

PLACE_SUFFIXES = _words("""
ford ham ley ton wick bury field stead worth don well ing hurst combe thorpe by minster
church marsh wood brook gate hill mere sted den hall ington ingham borough cot ridge sey wold
""")

PLACE_PREFIXES = _words("Great Little North South East West Upper Lower Nether Old High")

# Real places the syllables above happen to spell: left out so every synthetic name is invented.
REAL_PLACES = frozenset(
    _words("""
Whitby Ashford Birchington Whitchurch Wickham Shelford Beckford Trimingham Findon Barley Burley
Kenwood Elmwood Marwood Ashridge Whiting Dunchurch Hadden Ravenley Kingswell Brookmere Redwell
Maldon Wickford Brentwood Billericay Rochford Rayleigh Witham Harlow Epping Ongar Tolleshunt
Woodham Hornchurch Burnham Bradwell Sudbury Felsted Stansted Thaxted Dedham Halstead Hatfield
Walton Kelvedon Coggeshall Tiptree Wivenhoe Manningtree Frinton Clacton Harwich Southend Benfleet
Canvey Hockley Ashingdon Foulness Wakering Barling Stambridge Paglesham Burnham-on-Crouch
Ashwell Sandhurst Bexley Bexhill Bramley Hartley Marden Penshurst Tolworth Sandwich Ripley
""")
)

PLACE_TAILS = _lines("""
-on-Sea
-on-the-Hill
-le-Marsh
Green
Heath
End
Common
Cross
St Peter
St Lawrence
""")


def all_words() -> set[str]:
    """Every distinct lower-case word this module can put into a name, summary or description."""
    texts: list[str] = []
    for table in (GROUP_ACTIVITIES, MICRO_SERVICES, TIME_BANK_SKILLS, HUB_TYPES):
        texts.extend(name for name, _ in table)
    for pool in (
        ORG_WORDS,
        BRAND_WORDS,
        BRAND_NOUNS,
        VENUES,
        STREET_TYPES,
        PEOPLE,
        FEELINGS,
        FIRST_NAMES,
        SURNAMES,
        ADJECTIVES,
        NOUNS,
        VERBS,
        ADVERBS,
        TOPICS,
        OPENINGS,
        AVAILABILITY,
        SCHEDULE_NOTES,
    ):
        texts.extend(pool)
    return {w.strip(".,;:'!?()").lower() for t in texts for w in t.replace("-", " ").split()} - {""}
