import { expect } from 'chai';
import mongoose, { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { errorOf, rejectionOf, useConformanceStore } from '../fixtures/conformance-store.js';

const boardSchema = new Schema({
  slug: { type: String, required: true },
  name: { type: String, required: true },
});

const storySchema = new Schema(
  {
    title: { type: String, required: true, trim: true, maxlength: 120 },
    slug: { type: String, required: true, unique: true },
    board: { type: Schema.Types.ObjectId, ref: 'ConformanceBoard', required: true },
    rating: { type: Number, min: 1, max: 5, default: 3 },
    status: { type: String, enum: ['pending', 'published', 'rejected'], default: 'pending' },
    tags: { type: [String], default: [] },
    visitedAt: Date,
  },
  { timestamps: true },
);
// Serves the public list: a board's published stories, newest first.
storySchema.index({ board: 1, status: 1, createdAt: -1 });

type Story = InferSchemaType<typeof storySchema>;

// A story's follow-up notes: subdocuments in an array, each stamped by mongoose when it changes.
const noteSchema = new Schema({ text: { type: String, required: true } }, { timestamps: true });
const journeySchema = new Schema({ title: String, notes: [noteSchema] }, { timestamps: true });

/** Input as a client might send it (strings for numbers and dates, bad values), for mongoose to cast or refuse. */
const asSubmitted = (fields: Record<string, unknown>) => fields as Partial<Story>;

describe('engine conformance: mongoose', function () {
  const conformance = useConformanceStore();
  let connection: Connection;
  let Board: Model<InferSchemaType<typeof boardSchema>>;
  let Stories: Model<Story>;
  let Journeys: Model<InferSchemaType<typeof journeySchema>>;
  let north: mongoose.Types.ObjectId;
  let slugCounter = 0;
  const nextSlug = () => `story-${(slugCounter += 1)}`;

  before(async function () {
    connection = await mongoose.createConnection(conformance.store.uri).asPromise();
    Board = connection.model('ConformanceBoard', boardSchema);
    Stories = connection.model('ConformanceStory', storySchema);
    Journeys = connection.model('ConformanceJourney', journeySchema);
    await Stories.init();
    north = (await Board.create({ slug: 'north', name: 'North Board' }))._id;
  });

  after(async function () {
    await connection?.close();
  });

  it('creates indexes declared in the schema', async function () {
    const indexes = await Stories.listIndexes();
    const keys = Object.fromEntries(indexes.map((index) => [index.name, index.key]));
    expect(keys).to.deep.include({ slug_1: { slug: 1 } });
    expect(keys).to.deep.include({ 'board_1_status_1_createdAt_-1': { board: 1, status: 1, createdAt: -1 } });
    expect(indexes.find((index) => index.name === 'slug_1')).to.include({ unique: true });
  });

  it('syncIndexes drops an index no longer declared and keeps the declared ones', async function () {
    await Stories.collection.createIndex({ tags: 1 });
    const dropped = await Stories.syncIndexes();
    expect(dropped).to.deep.equal(['tags_1']);
    const names = (await Stories.listIndexes()).map((index) => index.name).sort();
    expect(names).to.deep.equal(['_id_', 'board_1_status_1_createdAt_-1', 'slug_1']);
  });

  it('applies defaults, casts types and stamps createdAt and updatedAt', async function () {
    const before = Date.now();
    const story = await Stories.create(
      asSubmitted({
        title: '  Kind night staff  ',
        slug: nextSlug(),
        board: north.toHexString(),
        rating: '4',
        visitedAt: '2024-05-01T10:00:00Z',
      }),
    );
    const stored = await Stories.collection.findOne({ _id: story._id });
    expect(stored?.title).to.equal('Kind night staff');
    expect(stored?.rating).to.equal(4);
    expect(stored?.status).to.equal('pending');
    expect(stored?.tags).to.deep.equal([]);
    expect(stored?.board).to.be.instanceOf(mongoose.mongo.ObjectId);
    expect(stored?.visitedAt).to.deep.equal(new Date('2024-05-01T10:00:00Z'));
    expect(stored?.createdAt).to.be.instanceOf(Date);
    expect(stored?.createdAt.getTime()).to.be.at.least(before - 1000);
    expect(stored?.updatedAt.getTime()).to.equal(stored?.createdAt.getTime());
  });

  it('refuses a document that fails validation and stores nothing', async function () {
    const count = await Stories.countDocuments();
    const error = await errorOf(
      Stories.create(asSubmitted({ title: 'x', slug: nextSlug(), board: north, rating: 9, status: 'odd' })),
      mongoose.Error.ValidationError,
    );
    const errors = error.errors;
    expect(Object.keys(errors).sort()).to.deep.equal(['rating', 'status']);
    expect(await Stories.countDocuments()).to.equal(count);
  });

  it('a unique violation from create is a MongoServerError with code 11000', async function () {
    const slug = nextSlug();
    await Stories.create({ title: 'First', slug, board: north });
    const error = await rejectionOf(Stories.create({ title: 'Second', slug, board: north }), 11000);
    expect(error.keyValue).to.deep.equal({ slug });
  });

  it('lean() returns plain objects', async function () {
    const slug = nextSlug();
    await Stories.create({ title: 'Lean', slug, board: north, tags: ['a'] });
    const found = await Stories.findOne({ slug }).lean();
    expect(found).to.not.be.instanceOf(mongoose.Document);
    expect(found?.tags).to.deep.equal(['a']);
    expect(Object.getPrototypeOf(found)).to.equal(Object.prototype);
  });

  it('populate replaces a reference with the referenced document', async function () {
    const slug = nextSlug();
    await Stories.create({ title: 'Populated', slug, board: north });
    const found = await Stories.findOne({ slug }).populate<{ board: { name: string } }>('board').lean();
    expect(found?.board.name).to.equal('North Board');
  });

  it('findOneAndUpdate with returnDocument "after" (formerly new: true) returns the updated document and bumps updatedAt', async function () {
    const slug = nextSlug();
    const created = await Stories.create({ title: 'Pending', slug, board: north });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await Stories.findOneAndUpdate(
      { slug },
      { status: 'published' },
      { returnDocument: 'after' },
    ).lean();
    expect(updated?.status).to.equal('published');
    expect(updated?.updatedAt.getTime()).to.be.greaterThan(created.updatedAt.getTime());
    expect(updated?.createdAt.getTime()).to.equal(created.createdAt.getTime());
  });

  it('findOneAndUpdate runs validators when asked and refuses bad values', async function () {
    const slug = nextSlug();
    await Stories.create({ title: 'Validated', slug, board: north });
    await errorOf(
      Stories.findOneAndUpdate({ slug }, { rating: 0 }, { returnDocument: 'after', runValidators: true }),
      mongoose.Error.ValidationError,
    );
    expect((await Stories.findOne({ slug }).lean())?.rating).to.equal(3);
  });

  it('updating a timestamped subdocument through the positional $ changes that element and stamps its updatedAt', async function () {
    const journey = await Journeys.create({
      title: 'Ward 3',
      notes: [{ text: 'first' }, { text: 'second' }],
    });
    const [first, second] = journey.notes;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const result = await Journeys.updateOne(
      { 'notes._id': second!._id },
      { $set: { 'notes.$.text': 'edited' } },
    );
    expect(result.modifiedCount).to.equal(1);
    const found = await Journeys.findById(journey._id).lean();
    expect(found?.notes.map((note) => note.text)).to.deep.equal(['first', 'edited']);
    expect(found?.notes[0]?.updatedAt.getTime()).to.equal(first!.updatedAt.getTime());
    expect(found?.notes[1]?.updatedAt.getTime()).to.be.greaterThan(second!.updatedAt.getTime());
    expect(found?.notes[1]?.createdAt.getTime()).to.equal(second!.createdAt.getTime());
    expect(found?.updatedAt.getTime()).to.be.greaterThan(journey.updatedAt.getTime());
  });

  it('updating timestamped subdocuments through arrayFilters changes only the selected elements', async function () {
    const journey = await Journeys.create({
      title: 'Ward 4',
      notes: [{ text: 'a' }, { text: 'b' }, { text: 'a' }],
    });
    await Journeys.updateOne(
      { _id: journey._id },
      { $set: { 'notes.$[note].text': 'seen' } },
      { arrayFilters: [{ 'note.text': 'a' }] },
    );
    const found = await Journeys.findById(journey._id).lean();
    expect(found?.notes.map((note) => note.text)).to.deep.equal(['seen', 'b', 'seen']);
    expect(found?.notes.map((note) => String(note._id))).to.deep.equal(
      journey.notes.map((note) => String(note._id)),
    );
  });

  it('saving a document after pushing, pulling and editing subdocuments stores exactly those changes', async function () {
    const journey = await Journeys.create({ title: 'Ward 5', notes: [{ text: 'a' }, { text: 'b' }] });
    const [first, second] = journey.notes;
    journey.notes.pull(first!._id);
    journey.notes.push({ text: 'c' });
    await journey.save();
    const again = await Journeys.findById(journey._id);
    again!.notes[0]!.text = 'b, edited';
    await again!.save();
    const found = await Journeys.findById(journey._id).lean();
    expect(found?.notes.map((note) => note.text)).to.deep.equal(['b, edited', 'c']);
    expect(String(found?.notes[0]?._id)).to.equal(String(second!._id));
  });

  it('updateMany reports matched and modified counts', async function () {
    const tag = `batch-${nextSlug()}`;
    await Stories.insertMany([
      { title: 'a', slug: nextSlug(), board: north, tags: [tag] },
      { title: 'b', slug: nextSlug(), board: north, tags: [tag], status: 'rejected' },
    ]);
    const result = await Stories.updateMany({ tags: tag }, { $set: { status: 'rejected' } });
    expect(result.matchedCount).to.equal(2);
    expect(result.modifiedCount).to.equal(2);
    expect(await Stories.countDocuments({ tags: tag, status: 'rejected' })).to.equal(2);
  });

  it('insertMany validates and inserts many documents', async function () {
    const tag = `insert-${nextSlug()}`;
    const inserted = await Stories.insertMany(
      Array.from({ length: 20 }, (_, i) => ({ title: `t${i}`, slug: nextSlug(), board: north, tags: [tag] })),
    );
    expect(inserted).to.have.length(20);
    expect(await Stories.countDocuments({ tags: tag })).to.equal(20);
  });

  it('bulkWrite mixes inserts, updates, upserts and deletes', async function () {
    const tag = `bulk-${nextSlug()}`;
    const [keep, remove] = [nextSlug(), nextSlug()];
    await Stories.insertMany([
      { title: 'keep', slug: keep, board: north, tags: [tag] },
      { title: 'remove', slug: remove, board: north, tags: [tag] },
    ]);
    const upsertSlug = nextSlug();
    const result = await Stories.bulkWrite([
      { insertOne: { document: { title: 'new', slug: nextSlug(), board: north, tags: [tag] } } },
      { updateOne: { filter: { slug: keep }, update: { $set: { rating: 5 } } } },
      {
        updateOne: {
          filter: { slug: upsertSlug },
          update: { $set: { title: 'upserted', board: north, tags: [tag] } },
          upsert: true,
        },
      },
      { deleteOne: { filter: { slug: remove } } },
    ]);
    expect(result.insertedCount).to.equal(1);
    expect(result.modifiedCount).to.equal(1);
    expect(result.upsertedCount).to.equal(1);
    expect(result.deletedCount).to.equal(1);
    const titles = (await Stories.find({ tags: tag }).sort({ title: 1 }).lean()).map((s) => s.title);
    expect(titles).to.deep.equal(['keep', 'new', 'upserted']);
  });

  it('countDocuments, distinct and exists answer queries', async function () {
    const tag = `count-${nextSlug()}`;
    await Stories.insertMany([
      { title: 'a', slug: nextSlug(), board: north, tags: [tag, 'x'], rating: 2 },
      { title: 'b', slug: nextSlug(), board: north, tags: [tag, 'y'], rating: 2 },
      { title: 'c', slug: nextSlug(), board: north, tags: [tag], rating: 5 },
    ]);
    expect(await Stories.countDocuments({ tags: tag, rating: 2 })).to.equal(2);
    expect((await Stories.distinct('rating', { tags: tag })).sort()).to.deep.equal([2, 5]);
    expect((await Stories.distinct('tags', { tags: tag })).sort()).to.deep.equal([tag, 'x', 'y']);
    const exists = await Stories.exists({ tags: tag, rating: 5 });
    expect(exists?._id).to.be.instanceOf(mongoose.Types.ObjectId);
    expect(await Stories.exists({ tags: tag, rating: 4 })).to.equal(null);
  });

  it('aggregate runs a pipeline through the model', async function () {
    const tag = `agg-${nextSlug()}`;
    await Stories.insertMany([
      { title: 'a', slug: nextSlug(), board: north, tags: [tag], rating: 1 },
      { title: 'b', slug: nextSlug(), board: north, tags: [tag], rating: 4 },
      { title: 'c', slug: nextSlug(), board: north, tags: [tag], rating: 4 },
    ]);
    const result = await Stories.aggregate<{ _id: number; n: number }>([
      { $match: { tags: tag } },
      { $group: { _id: '$rating', n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(result).to.deep.equal([
      { _id: 1, n: 1 },
      { _id: 4, n: 2 },
    ]);
  });

  it('a query cursor streams 500 documents in order', async function () {
    const tag = `stream-${nextSlug()}`;
    await Stories.insertMany(
      Array.from({ length: 500 }, (_, i) => ({
        title: `s${String(i).padStart(3, '0')}`,
        slug: nextSlug(),
        board: north,
        tags: [tag],
      })),
    );
    const titles: string[] = [];
    for await (const story of Stories.find({ tags: tag }).sort({ title: 1 }).batchSize(64).cursor()) {
      titles.push(story.title);
    }
    expect(titles).to.have.length(500);
    expect(titles[0]).to.equal('s000');
    expect(titles[499]).to.equal('s499');
  });
});
