// Texts for line mode and classification mode, written for this project: names (one per line),
// a bilingual set of intents and a sentiment set (`sentence<TAB>label` per line).

export const NAMES = `anna
emma
olivia
sophia
mia
amelia
harper
ella
grace
chloe
lily
nora
zoe
hannah
leah
lucy
ruby
alice
clara
eva
julia
stella
violet
maya
noah
liam
oliver
elijah
james
lucas
henry
jack
leo
owen
ethan
samuel
daniel
logan
isaac
caleb
ryan
adam
thomas
oscar
felix
hugo
max
jonah
miles
simon`;

const INTENTS_EN: [string, string][] = [
  ['what time is it', 'ask_time'],
  ['what is the time now', 'ask_time'],
  ['tell me the time', 'ask_time'],
  ['do you know what time it is', 'ask_time'],
  ['what time is it in tokyo', 'ask_time'],
  ['is it late already', 'ask_time'],
  ['how late is it', 'ask_time'],
  ['will it rain today', 'weather'],
  ['what is the weather like', 'weather'],
  ['is it sunny outside', 'weather'],
  ['how cold is it tomorrow', 'weather'],
  ['do i need an umbrella', 'weather'],
  ['what is the forecast for the weekend', 'weather'],
  ['will it snow tonight', 'weather'],
  ['wake me up at seven', 'set_alarm'],
  ['set an alarm for six thirty', 'set_alarm'],
  ['set my alarm for tomorrow morning', 'set_alarm'],
  ['remind me to wake up at eight', 'set_alarm'],
  ['alarm at nine please', 'set_alarm'],
  ['please set an alarm', 'set_alarm'],
  ['wake me in twenty minutes', 'set_alarm'],
  ['play some music', 'play_music'],
  ['play my favourite song', 'play_music'],
  ['put on some jazz', 'play_music'],
  ['i want to hear some music', 'play_music'],
  ['play the next song', 'play_music'],
  ['play something relaxing', 'play_music'],
  ['can you play a song', 'play_music'],
  ['hello there', 'greet'],
  ['hi', 'greet'],
  ['good morning', 'greet'],
  ['hey how are you', 'greet'],
  ['hello again', 'greet'],
  ['good evening', 'greet'],
  ['hi there friend', 'greet'],
  ['thank you', 'thanks'],
  ['thanks a lot', 'thanks'],
  ['thank you so much', 'thanks'],
  ['many thanks', 'thanks'],
  ['thanks for your help', 'thanks'],
  ['i really appreciate it thanks', 'thanks'],
  ['great thank you', 'thanks'],
  ['what time is it right now', 'ask_time'],
  ['could you tell me the time please', 'ask_time'],
  ['what is the time in london', 'ask_time'],
  ['is it noon yet', 'ask_time'],
  ['will it be windy today', 'weather'],
  ['what is the weather tomorrow', 'weather'],
  ['is it going to rain this afternoon', 'weather'],
  ['how hot is it outside', 'weather'],
  ['set an alarm for five', 'set_alarm'],
  ['wake me up early tomorrow', 'set_alarm'],
  ['please wake me at ten', 'set_alarm'],
  ['set a morning alarm', 'set_alarm'],
  ['play some rock music', 'play_music'],
  ['play a song for me', 'play_music'],
  ['put some music on', 'play_music'],
  ['play my playlist', 'play_music'],
  ['hello', 'greet'],
  ['hi how are you doing', 'greet'],
  ['good afternoon', 'greet'],
  ['hey there', 'greet'],
  ['thanks', 'thanks'],
  ['thank you very much', 'thanks'],
  ['thanks so much for that', 'thanks'],
  ['many thanks for your help', 'thanks'],
];

const INTENTS_ZH: [string, string][] = [
  ['现在几点了', 'ask_time'],
  ['几点了', 'ask_time'],
  ['告诉我现在的时间', 'ask_time'],
  ['现在是几点钟', 'ask_time'],
  ['今天会下雨吗', 'weather'],
  ['明天天气怎么样', 'weather'],
  ['外面冷不冷', 'weather'],
  ['周末的天气预报', 'weather'],
  ['明天早上七点叫醒我', 'set_alarm'],
  ['设一个六点半的闹钟', 'set_alarm'],
  ['帮我定个闹钟', 'set_alarm'],
  ['八点叫我起床', 'set_alarm'],
  ['放点音乐', 'play_music'],
  ['播放我喜欢的歌', 'play_music'],
  ['来一首轻松的歌', 'play_music'],
  ['我想听音乐', 'play_music'],
  ['你好', 'greet'],
  ['早上好', 'greet'],
  ['晚上好', 'greet'],
  ['嗨你好吗', 'greet'],
  ['谢谢', 'thanks'],
  ['非常感谢', 'thanks'],
  ['谢谢你的帮助', 'thanks'],
  ['太感谢了', 'thanks'],
  ['现在几点钟了', 'ask_time'],
  ['请问几点了', 'ask_time'],
  ['今天天气怎么样', 'weather'],
  ['明天会下雪吗', 'weather'],
  ['七点的闹钟', 'set_alarm'],
  ['明天六点叫醒我', 'set_alarm'],
  ['放一首歌', 'play_music'],
  ['播放音乐', 'play_music'],
  ['你好啊', 'greet'],
  ['下午好', 'greet'],
  ['多谢', 'thanks'],
  ['谢谢你', 'thanks'],
];

// Sentiment: each sentence says what it thinks of one thing with one judging word; the words come
// back with other things and other phrasings, so held-out sentences are new combinations of words
// the model has seen — what a character model can learn to generalise from a few dozen examples.
const THINGS = ['food', 'film', 'hotel', 'music', 'staff', 'book', 'coffee', 'service'];
const GOOD = ['great', 'lovely', 'wonderful', 'excellent', 'amazing', 'delightful'];
const BAD = ['awful', 'terrible', 'boring', 'horrible', 'dreadful', 'disappointing'];
const PHRASINGS = [(thing: string, word: string) => `the ${thing} was ${word}`, (thing: string, word: string) => `what ${word} ${thing}`, (thing: string, word: string) => `i thought the ${thing} was ${word}`, (thing: string, word: string) => `really ${word} ${thing}`];
const judged = (words: string[], label: string): [string, string][] =>
  Array.from({ length: 24 }, (_, i) => [PHRASINGS[i % PHRASINGS.length]!(THINGS[(3 * i) % THINGS.length]!, words[i % words.length]!), label]);
const SENTIMENT: [string, string][] = [...judged(GOOD, 'positive'), ...judged(BAD, 'negative')];

const lines = (rows: [string, string][]) => rows.map(([s, l]) => `${s}\t${l}`).join('\n');

/** English and Chinese sentences interleaved, so both languages are held out. */
export const INTENTS = lines(INTENTS_EN.flatMap((row, i) => (i < INTENTS_ZH.length ? [row, INTENTS_ZH[i]!] : [row])));
export const SENTIMENTS = lines(SENTIMENT);
