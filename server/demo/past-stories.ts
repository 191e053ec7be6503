/** A story from the demo board's past, with the response it had (if any). */
export interface PastStory {
  title: string;
  body: string;
  nickname: string;
  authorRole: 'patient' | 'carer' | 'parent-guardian' | 'relative' | 'friend';
  service: string;
  tags: { good: string[]; improve: string[]; feelings: string[] };
  /** How long before the demo was seeded it was published. */
  daysAgo: number;
  /** Whether the demo staff member has read it (every answered story has been). */
  read?: boolean;
  response?: { body: string; change?: 'planned' | 'made'; afterDays: number };
}

/**
 * Six months of the demo board's stories, each one written out: no sentence is used twice, every tag
 * is something the story says, and they spread over the board's hospitals, wards and care at home.
 */
export const pastStories: PastStory[] = [
  {
    title: 'Clear explanations before my hernia operation',
    body:
      'The surgeon drew me a little diagram of what she was going to do and let me ask every question on my list. ' +
      'On the day, the anaesthetist remembered that I had been sick after my last operation and gave me something for it. ' +
      'I went home the same evening feeling I had been properly looked after.',
    nickname: 'Inverness joiner',
    authorRole: 'patient',
    service: 'raigmore-ward-2c',
    tags: { good: ['explained things'], improve: [], feelings: ['reassured'] },
    daysAgo: 9,
    response: {
      body: 'Thank you for taking the time to write. I have passed this to the surgical team and the anaesthetist, who were really pleased that reading your notes made such a difference.',
      afterDays: 2,
    },
  },
  {
    title: 'Eleven weeks waiting to hear about a follow-up scan',
    body:
      'After my kidney stone was treated I was told I would have a follow-up scan within six weeks. ' +
      'By week eleven I had heard nothing, and the number on my letter rang out every time I tried it. ' +
      'In the end my GP chased it for me. I do not mind waiting, but I do mind not knowing whether I have been forgotten.',
    nickname: 'Dingwall dad',
    authorRole: 'patient',
    service: 'raigmore-hospital',
    tags: { good: [], improve: ['waiting time', 'keeping us informed'], feelings: ['anxious', 'forgotten'] },
    daysAgo: 14,
    read: true,
  },
  {
    title: 'The receptionist who found my wife a wheelchair',
    body:
      'My wife has arthritis and the walk from the car park to the fracture clinic is too far for her on a bad day. ' +
      'The receptionist saw her struggling, came out from behind the desk and went to find a wheelchair without being asked. ' +
      'It was a small kindness on a long morning and we both noticed it.',
    nickname: 'Munlochy pair',
    authorRole: 'relative',
    service: 'raigmore-hospital',
    tags: { good: ['kind staff'], improve: ['distance from car park'], feelings: ['grateful'] },
    daysAgo: 18,
    response: {
      body: 'What a lovely thing to read. I have shared your words with the fracture clinic reception team, and we are looking at keeping two wheelchairs by the main entrance at all times.',
      change: 'planned',
      afterDays: 4,
    },
  },
  {
    title: 'Moved to another ward at midnight and nobody told us',
    body:
      'My grandmother was moved from the admissions unit to Ward 2C in the middle of the night. ' +
      'When I phoned in the morning, the first ward said she had gone and could not tell me where. ' +
      'It took three calls and forty minutes to find her, and she was frightened because she did not know where she was either.',
    nickname: 'Granddaughter in Ardersier',
    authorRole: 'relative',
    service: 'raigmore-ward-2c',
    tags: { good: [], improve: ['keeping us informed'], feelings: ['confused', 'worried'] },
    daysAgo: 23,
    response: {
      body: 'I am sorry your family had such a worrying morning. Ward moves overnight should be recorded straight away so any ward can tell relatives where someone is, and I have asked the ward managers to look at why that did not happen.',
      change: 'planned',
      afterDays: 3,
    },
  },
  {
    title: 'Physiotherapy appointments that fitted around my shifts',
    body:
      'I work nights at the distillery, so daytime appointments are hard. ' +
      'The physio team at the Belford offered me the first slot of the morning straight after a shift, and let me swap by text when the rota changed. ' +
      'My shoulder is nearly back to normal.',
    nickname: 'Nevis night shift',
    authorRole: 'patient',
    service: 'belford-hospital',
    tags: { good: ['flexible appointments'], improve: [], feelings: ['grateful'] },
    daysAgo: 27,
    read: true,
  },
  {
    title: 'Cold food three days running',
    body:
      'During my stay on the surgical ward the lunches arrived lukewarm and by the time I could reach the tray they were cold. ' +
      'I was recovering from bowel surgery and needed to eat, but I could not face cold mince. ' +
      'The nurses were apologetic and once warmed a meal for me in the kitchen, but they should not have to.',
    nickname: 'Tain patient',
    authorRole: 'patient',
    service: 'raigmore-ward-2c',
    tags: { good: ['helpful nurses'], improve: ['food'], feelings: ['let down'] },
    daysAgo: 33,
    response: {
      body: 'Thank you for telling us. Our catering manager has moved the surgical wards to heated trolleys and earlier delivery, so meals now reach patients hot. Please do get in touch again if that is not your experience.',
      change: 'made',
      afterDays: 9,
    },
  },
  {
    title: 'My dad kept his dignity to the end',
    body:
      'Dad spent his last week on the ward, and the staff treated him as the proud man he was. ' +
      'They shaved him every morning because they knew he would have hated stubble, and they let us stay past visiting hours without a fuss. ' +
      'When he died, a nurse sat with my mother and made her a cup of tea. We will never forget it.',
    nickname: 'Loch Ness reader',
    authorRole: 'relative',
    service: 'raigmore-hospital',
    tags: { good: ['dignity', 'kind staff'], improve: [], feelings: ['comforted'] },
    daysAgo: 38,
    response: {
      body: 'I am so sorry for the loss of your dad, and thank you for thinking of the team at such a hard time. Your message has been read out at the ward huddle; it meant a great deal to them.',
      afterDays: 1,
    },
  },
  {
    title: 'Discharge took from nine in the morning until six at night',
    body:
      'I was told at the ward round that I could go home, so my son took the day off to collect me. ' +
      'We then waited all day for my tablets to come up from pharmacy, sitting in the day room with my coat on. ' +
      'Nobody could tell us how much longer it would be.',
    nickname: 'Culbokie gran',
    authorRole: 'patient',
    service: 'raigmore-hospital',
    tags: { good: [], improve: ['discharge', 'waiting time'], feelings: ['frustrated'] },
    daysAgo: 44,
    response: {
      body: 'I am sorry you spent your last day with us waiting. We now write up going-home medicines the evening before a planned discharge, and a discharge lounge opened last month so that nobody waits in their coat on the ward.',
      change: 'made',
      afterDays: 6,
    },
  },
  {
    title: 'The same two carers all month, and on time',
    body:
      'After a difficult spring with lots of different faces, my mother has had the same two carers every day this month. ' +
      'They arrive when they say they will, they know she likes her tea weak, and she has started to look forward to their visits. ' +
      'Whatever changed, please keep it.',
    nickname: 'Skye carer',
    authorRole: 'carer',
    service: 'highland-adult-social-care',
    tags: { good: ['reliable carers', 'continuity of carers'], improve: [], feelings: ['reassured'] },
    daysAgo: 49,
    response: {
      body: 'Thank you. We reorganised rotas on Skye into small teams in the spring precisely so people see the same faces, and it is good to hear it is working for your mother.',
      change: 'made',
      afterDays: 5,
    },
  },
  {
    title: 'Could not find the eye clinic entrance',
    body:
      'The letter said to come to the eye clinic, but the signs in the main corridor stop before you reach it. ' +
      'I have poor sight, which is why I was going, and I ended up asking three people. ' +
      'Larger signs with better contrast would help everyone, and especially the people the clinic is for.',
    nickname: 'Beauly reader',
    authorRole: 'patient',
    service: 'raigmore-hospital',
    tags: { good: [], improve: ['signs'], feelings: ['stressed'] },
    daysAgo: 55,
    read: true,
  },
  {
    title: 'Stitched up in twenty minutes on a Saturday night',
    body:
      'I cut my hand badly opening a tin and drove myself to the Belford. ' +
      'The nurse practitioner cleaned and stitched it within twenty minutes of my arriving, and told me exactly what to watch for. ' +
      'I had expected a long night and was home in time for the end of the film.',
    nickname: 'Corpach cook',
    authorRole: 'patient',
    service: 'belford-hospital',
    tags: { good: ['fast treatment', 'explained things'], improve: [], feelings: ['relieved'] },
    daysAgo: 61,
    response: {
      body: 'Thank you for letting us know, and I hope the hand has healed well. I have passed your thanks to the nurse practitioners at the Belford.',
      afterDays: 3,
    },
  },
  {
    title: 'Four hours on a trolley with a broken hip',
    body:
      'My aunt is 91 and broke her hip in a fall at the shops. ' +
      'She lay on a trolley in the Emergency Department for four hours before she was given proper pain relief, and she cried when they moved her. ' +
      'The staff were clearly stretched, but someone in that much pain should not be waiting for painkillers.',
    nickname: 'Niece from Nairn',
    authorRole: 'relative',
    service: 'raigmore-emergency-department',
    tags: { good: [], improve: ['pain relief', 'waiting time'], feelings: ['upset'] },
    daysAgo: 66,
    response: {
      body: 'I am very sorry. Older people with a suspected hip fracture should be given pain relief within thirty minutes of arriving. Since your story we have started a nerve-block service in the department, so pain relief for hip fractures no longer waits for a doctor.',
      change: 'made',
      afterDays: 8,
    },
  },
  {
    title: 'The speech therapist who got my husband talking again',
    body:
      'After his stroke my husband could only say yes and no. ' +
      'The speech and language therapist came to the house every week, gave us exercises we could do over breakfast, and never made him feel foolish. ' +
      'Last week he told our granddaughter a joke.',
    nickname: 'Wife in Alness',
    authorRole: 'carer',
    service: 'nhs-highland',
    tags: { good: ['home visits', 'patience'], improve: [], feelings: ['hopeful'] },
    daysAgo: 72,
    response: {
      body: 'This made the whole team smile. Thank you, and please pass our best wishes to your husband.',
      afterDays: 2,
    },
  },
  {
    title: 'Visiting hours are too short for people who work',
    body:
      'Visiting on the ward ended at eight, and I finish work in Aviemore at half six. ' +
      'By the time I had parked I had barely half an hour with my partner each evening. ' +
      'Other hospitals have open visiting now and I wish this one did.',
    nickname: 'Aviemore walker',
    authorRole: 'friend',
    service: 'raigmore-ward-2c',
    tags: { good: [], improve: ['visiting hours'], feelings: ['frustrated'] },
    daysAgo: 78,
    response: {
      body: 'You are right, and we agree. Ward 2C is trialling open visiting from next month, and we will update this story when the trial is reviewed.',
      change: 'planned',
      afterDays: 5,
    },
  },
  {
    title: 'A midwife who stayed after her shift ended',
    body:
      'My labour was long and our midwife was due to finish at eight in the morning. ' +
      'She stayed until our daughter arrived at half past nine because she did not want us to meet someone new at the last minute. ' +
      'I do not know her surname, but her first name is Eilidh, and we will tell our daughter about her.',
    nickname: 'New mum in Inverness',
    authorRole: 'patient',
    service: 'raigmore-hospital',
    tags: { good: ['continuity of care', 'kind staff'], improve: [], feelings: ['grateful', 'safe'] },
    daysAgo: 84,
    response: {
      body: 'Congratulations on the birth of your daughter. We know exactly which Eilidh you mean, and she was delighted to hear from you.',
      afterDays: 1,
    },
  },
  {
    title: 'Missed calls about my care package',
    body:
      'I am waiting for a care package so that I can leave hospital, and the social work team has tried to phone me twice. ' +
      'Both times I was in the shower or with the physio, and no message was left. ' +
      'A note to the ward or a text would stop me sitting here another week.',
    nickname: 'Thurso patient',
    authorRole: 'patient',
    service: 'highland-adult-social-care',
    tags: { good: [], improve: ['communication'], feelings: ['stuck'] },
    daysAgo: 90,
    read: true,
    response: {
      body: 'Thank you for raising this. Our social workers now leave a message with the nurse in charge whenever they cannot reach someone on a ward, and we have asked for your contact preferences to be noted on your record.',
      change: 'made',
      afterDays: 4,
    },
  },
  {
    title: 'The X-ray team made my son laugh',
    body:
      'Our five-year-old was terrified after falling off the climbing frame. ' +
      'The radiographer let him press a pretend button, called the X-ray machine a giant camera, and gave him a sticker for keeping still. ' +
      'It turned out to be a sprain, and he now tells everyone about his photo of his bones.',
    nickname: 'Climbing frame dad',
    authorRole: 'parent-guardian',
    service: 'raigmore-hospital',
    tags: { good: ['good with children'], improve: [], feelings: ['relieved'] },
    daysAgo: 96,
  },
  {
    title: 'The hospital car park is full by nine',
    body:
      'I drove forty miles for a nine-thirty appointment and spent twenty-five minutes circling for a space. ' +
      'Staff were understanding when I arrived late, but the overflow car park is poorly signposted. ' +
      'A sign at the roundabout saying when the main car park is full would save a lot of stress.',
    nickname: 'Black Isle driver',
    authorRole: 'patient',
    service: 'raigmore-hospital',
    tags: { good: ['understanding staff'], improve: ['parking', 'signs'], feelings: ['stressed'] },
    daysAgo: 101,
    response: {
      body: 'Thank you for the suggestion. Our estates team has ordered a "car park full" sign for the roundabout, pointing to the overflow car park, which should be up before the winter.',
      change: 'planned',
      afterDays: 7,
    },
  },
  {
    title: 'A hospital bed at home within three days',
    body:
      'When my wife came home from hospital, the occupational therapist arranged a hospital bed, a commode and a rail by the front door. ' +
      'Everything arrived within three days and the fitter showed me how the bed works. ' +
      'It made caring for her at home possible.',
    nickname: 'Husband in Brora',
    authorRole: 'carer',
    service: 'highland-adult-social-care',
    tags: { good: ['equipment', 'quick'], improve: [], feelings: ['supported'] },
    daysAgo: 107,
    read: true,
  },
  {
    title: 'Nobody asked about my mother’s hearing aids',
    body:
      'Mum went into the ward with both hearing aids and came out with one. ' +
      'For a week she could barely follow what the doctors said, and we only found the other aid in a bag of washing. ' +
      'Please check that hearing aids, glasses and teeth go everywhere the patient goes.',
    nickname: 'Daughter in Dornoch',
    authorRole: 'relative',
    service: 'raigmore-ward-2c',
    tags: { good: [], improve: ['personal belongings', 'communication'], feelings: ['let down'] },
    daysAgo: 113,
    response: {
      body: 'I am sorry your mum spent a week unable to hear properly. Every patient on the ward now has a labelled pot for hearing aids, glasses and dentures, checked at each handover.',
      change: 'made',
      afterDays: 10,
    },
  },
  {
    title: 'Mental health crisis team answered at 2am',
    body:
      'I rang the crisis number in the middle of the night, not expecting anyone to pick up. ' +
      'A nurse talked with me for almost an hour, arranged for someone to visit the next morning, and phoned at nine to check I was still safe. ' +
      'I am writing this because it may help someone else make that call.',
    nickname: 'Still here',
    authorRole: 'patient',
    service: 'nhs-highland',
    tags: { good: ['listened', 'follow-up call'], improve: [], feelings: ['safe'] },
    daysAgo: 119,
    response: {
      body: 'Thank you for your courage in sharing this, and for thinking of others. The crisis team has read your story and were glad you called.',
      afterDays: 2,
    },
  },
  {
    title: 'Too many people asked me the same questions',
    body:
      'On the day of my admission I was asked about my allergies and medicines by five different people. ' +
      'Each wrote the answers on a different form. ' +
      'It made me wonder whether anyone read what the last person wrote.',
    nickname: 'Fortrose teacher',
    authorRole: 'patient',
    service: 'raigmore-hospital',
    tags: { good: [], improve: ['repeated questions', 'paperwork'], feelings: ['irritated'] },
    daysAgo: 125,
  },
  {
    title: 'Our community nurse noticed what we had missed',
    body:
      'The district nurse came to dress my father’s leg ulcer and noticed he was more confused than usual. ' +
      'She checked him for an infection there and then, and he was on antibiotics by the afternoon. ' +
      'If she had just done the dressing and left, he might have ended up in hospital.',
    nickname: 'Son in Grantown',
    authorRole: 'relative',
    service: 'highland-adult-social-care',
    tags: { good: ['thorough', 'quick'], improve: [], feelings: ['grateful'] },
    daysAgo: 131,
    response: {
      body: 'That is exactly the kind of care we hope for, and I have made sure the nurse knows how much it meant. Thank you for writing.',
      afterDays: 3,
    },
  },
  {
    title: 'Waiting room television too loud to think',
    body:
      'The television in the outpatient waiting area was on at full volume all morning. ' +
      'People were trying to hear their names being called over a quiz show. ' +
      'Subtitles and the sound off would be kinder to everyone.',
    nickname: 'Quiet please',
    authorRole: 'patient',
    service: 'belford-hospital',
    tags: { good: [], improve: ['noise'], feelings: ['stressed'] },
    daysAgo: 137,
    response: {
      body: 'A fair point, thank you. The television in outpatients now shows subtitles with the sound off.',
      change: 'made',
      afterDays: 2,
    },
  },
  {
    title: 'The dementia ward let me bring our dog',
    body:
      'My husband has dementia and had become very withdrawn in hospital. ' +
      'The charge nurse agreed I could bring our collie to the garden room for an hour. ' +
      'He stroked her the whole time and spoke more that afternoon than he had all week.',
    nickname: 'Collie owner',
    authorRole: 'carer',
    service: 'raigmore-hospital',
    tags: { good: ['flexible staff', 'dignity'], improve: [], feelings: ['happy'] },
    daysAgo: 142,
  },
  {
    title: 'Four different carers in one week',
    body:
      'My brother has a learning disability and finds new people hard. ' +
      'Last week four different carers came, and two did not know he needs his food cut up. ' +
      'He went without lunch on Tuesday. We need a small team who know him.',
    nickname: 'Sister in Wick',
    authorRole: 'relative',
    service: 'highland-adult-social-care',
    tags: { good: [], improve: ['continuity of carers', 'care plans'], feelings: ['angry', 'worried'] },
    daysAgo: 147,
    response: {
      body: 'I am sorry, and I am glad you told us. Your brother’s care plan has been reviewed with you, and his visits are now covered by a team of three who have all read it.',
      change: 'made',
      afterDays: 2,
    },
  },
  {
    title: 'A pre-op phone call saved me a trip',
    body:
      'I live on Mull and expected to travel to the Belford for a pre-operative assessment. ' +
      'Instead a nurse did most of it by phone and arranged my blood tests at the local surgery. ' +
      'That saved me two ferries and a night away.',
    nickname: 'Island patient',
    authorRole: 'patient',
    service: 'belford-hospital',
    tags: { good: ['close to home', 'phone appointment'], improve: [], feelings: ['grateful'] },
    daysAgo: 152,
    read: true,
  },
  {
    title: 'I was discharged without knowing who to call',
    body:
      'I went home after a chest infection with a bag of tablets and no idea who to contact if I got worse. ' +
      'When I became breathless two nights later, I did not know whether to ring the ward, my GP or 111. ' +
      'A simple card with the right number would have helped.',
    nickname: 'Invergordon fisherman',
    authorRole: 'patient',
    service: 'raigmore-hospital',
    tags: { good: [], improve: ['discharge', 'information'], feelings: ['anxious'] },
    daysAgo: 158,
    response: {
      body: 'Thank you for this. We are working with the wards on a going-home card that names who to call, day and night, and will update this story when it is in use.',
      change: 'planned',
      afterDays: 6,
    },
  },
  {
    title: 'Kindness in the Emergency Department at 4am',
    body:
      'I came in with a panic attack that I was sure was a heart attack. ' +
      'The nurse who saw me was calm, checked my heart properly so I could believe her, and explained what a panic attack does to the body. ' +
      'I left embarrassed but understood.',
    nickname: 'Night owl',
    authorRole: 'patient',
    service: 'raigmore-emergency-department',
    tags: { good: ['explained things', 'calm staff'], improve: [], feelings: ['reassured'] },
    daysAgo: 164,
    response: {
      body: 'There is nothing to be embarrassed about: you did the right thing by coming in. Thank you for your kind words about our nurse.',
      afterDays: 1,
    },
  },
  {
    title: 'Hospital transport left my dad waiting for five hours',
    body:
      'Dad’s appointment was over by eleven, but the transport home did not come until four. ' +
      'He is 88, diabetic and had nothing to eat, because he did not want to leave the waiting area in case he missed it. ' +
      'Someone should check on people who are waiting for transport.',
    nickname: 'Lairg son',
    authorRole: 'relative',
    service: 'raigmore-hospital',
    tags: { good: [], improve: ['transport', 'waiting time'], feelings: ['angry'] },
    daysAgo: 171,
    read: true,
  },
  {
    title: 'Thank you to the team who looked after my baby in special care',
    body:
      'Our son was born early and spent three weeks in special care. ' +
      'The nurses taught us to tube-feed him, to bath him around the wires, and to trust ourselves. ' +
      'We walked out confident parents, which I would not have believed on the first day.',
    nickname: 'Parents from Evanton',
    authorRole: 'parent-guardian',
    service: 'raigmore-hospital',
    tags: { good: ['taught us', 'kind staff'], improve: [], feelings: ['confident', 'grateful'] },
    daysAgo: 177,
    response: {
      body: 'Thank you, and congratulations. The special care team loved hearing how your son is getting on.',
      afterDays: 4,
    },
  },
];
