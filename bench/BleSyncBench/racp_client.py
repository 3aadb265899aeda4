#!/usr/bin/python3
"""Baseline of ble-sync-bench: the same glucose transfer through python3-dbus (libdbus, C), no decoding.

Connects the meter, enables notifications of Glucose Measurement, Context and RACP, asks "number of stored
records, all", then "report stored records, all", and counts Glucose Measurement values until the RACP
response code. Prints "<records> <seconds>" for the part from StartNotify to the response.

usage: racp_client.py BUS_ADDRESS DEVICE_ADDRESS
"""
import sys
import time

import dbus
import dbus.mainloop.glib
from gi.repository import GLib

CHAR = 'org.bluez.GattCharacteristic1'


def uuid(short):
    return '0000%04x-0000-1000-8000-00805f9b34fb' % short


def main():
    bus_address, address = sys.argv[1], sys.argv[2]
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(bus_address)
    device_path = '/org/bluez/hci0/dev_' + address.replace(':', '_')
    device = dbus.Interface(bus.get_object('org.bluez', device_path), 'org.bluez.Device1')
    device.Connect()
    props = dbus.Interface(bus.get_object('org.bluez', device_path), 'org.freedesktop.DBus.Properties')
    while not props.Get('org.bluez.Device1', 'ServicesResolved'):
        GLib.MainContext.default().iteration(True)
    objects = dbus.Interface(bus.get_object('org.bluez', '/'), 'org.freedesktop.DBus.ObjectManager').GetManagedObjects()
    paths = {str(i[CHAR]['UUID']): str(p) for p, i in objects.items() if CHAR in i and str(p).startswith(device_path + '/')}
    measurement, context, racp = paths[uuid(0x2A18)], paths[uuid(0x2A34)], paths[uuid(0x2A52)]

    loop = GLib.MainLoop()
    state = {'records': 0, 'responses': 0}

    def on_changed(interface, changed, invalidated, path=None):
        if 'Value' not in changed:
            return
        if path == measurement:
            state['records'] += 1
        elif path == racp:
            state['responses'] += 1
            if state['responses'] == 1:
                write(racp, [0x01, 0x01])  # count answered: report all
            else:
                loop.quit()

    bus.add_signal_receiver(on_changed, 'PropertiesChanged', 'org.freedesktop.DBus.Properties', 'org.bluez',
                            path_keyword='path')

    def characteristic(path):
        return dbus.Interface(bus.get_object('org.bluez', path), CHAR)

    def write(path, data):
        characteristic(path).WriteValue(dbus.Array(data, signature='y'), {'type': 'request'})

    start = time.monotonic()
    for path in (measurement, context, racp):
        characteristic(path).StartNotify()
    write(racp, [0x04, 0x01])  # number of stored records, all
    loop.run()
    seconds = time.monotonic() - start
    device.Disconnect()
    print('%d %.6f' % (state['records'], seconds), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
